namespace NeuralNet.Tests;

/// <summary>How far apart two floats are, in units in the last place.</summary>
internal static class FloatUnits
{
    /// <summary>How many floats lie between a and b: the distance of their bit patterns, ordered as the values are.</summary>
    public static int Apart(float a, float b) => Math.Abs(Ordered(a) - Ordered(b));

    // Negative floats' bit patterns count down as the values fall; mirror them below zero.
    private static int Ordered(float x)
    {
        int bits = BitConverter.SingleToInt32Bits(x);
        return bits < 0 ? int.MinValue - bits : bits;
    }
}

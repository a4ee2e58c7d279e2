namespace MnistTrainer.Report;

/// <summary>One image of a <see cref="DigitGrid"/>: its pixels, its index in the test set, and the true and predicted classes.</summary>
/// <param name="Index">The sample's index in its dataset.</param>
/// <param name="Pixels">The side × side pixels, row by row, in any scaling (normalized when drawn).</param>
/// <param name="TrueLabel">The label.</param>
/// <param name="Predicted">The network's class.</param>
internal sealed record DigitSample(int Index, float[] Pixels, int TrueLabel, int Predicted)
{
    /// <summary>Whether the network got it wrong.</summary>
    public bool IsWrong => TrueLabel != Predicted;
}

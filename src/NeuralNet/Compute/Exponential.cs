using System.Numerics;
using System.Runtime.CompilerServices;

namespace NeuralNet.Compute;

/// <summary><c>e^x</c> of a float, computed in double precision and rounded once to float: the float nearest the exact value, or its neighbour when that value lies within 5.2·10⁻⁹ (relative) of halfway between two floats.</summary>
/// <remarks>
/// <para>The softmax's exponential. TensorPrimitives.Exp and Vector.Exp compute the same function, but their vector math
/// lives in methods that the JIT does not inline into an optimized caller, so they ran as unoptimized (tier-0) code for
/// the first one to two epochs of every process (see <see cref="Elementwise"/>). This operator is inlined whole.</para>
/// <para>The method: <c>e^x = 2^n · e^r</c> with <c>n = round(x · log₂e)</c> and <c>r = x − n · ln 2</c>, so
/// <c>|r| ≤ ln 2 / 2</c>; <c>e^r</c> by its Taylor series to the seventh power (truncation error below 5.2·10⁻⁹ of
/// the result, a tenth of a float's unit in the last place); <c>2^n</c> built in the exponent bits. The round to the
/// nearest integer adds 1.5·2⁵² and subtracts it again: the sum's low bits are then n itself. Inputs are clamped to
/// [−104, 104] first, where the result is already 0 or +∞ once rounded to float (and a logistic 0 or 1), so n stays
/// within the double exponent's range. NaN stays NaN.</para>
/// <para>Both forms round every element alike: the same double operations in the same order, no fused multiply-add.</para>
/// </remarks>
internal readonly struct Exponential : IUnaryOperator
{
    private const double Log2E = 1.4426950408889634;

    private const double Ln2 = 0.6931471805599453;

    /// <summary>1.5 · 2⁵²: a double this large has no fraction bits, so adding it rounds to the nearest integer (ties to even), and the integer sits in the low bits.</summary>
    private const double RoundingShift = 6755399441055744.0;

    /// <summary>Below this, <c>e^x</c> rounds to 0 as a float (e^−104 ≈ 6.8·10⁻⁴⁶, under half the smallest subnormal).</summary>
    private const double Lowest = -104.0;

    /// <summary>Above this, <c>e^x</c> rounds to +∞ as a float (from e^89 ≈ 4.5·10³⁸ up), and <c>1 / (1 + e^x)</c> to 0 (e^−104 is under half the smallest subnormal).</summary>
    private const double Highest = 104.0;

    private const double C2 = 1.0 / 2;
    private const double C3 = 1.0 / 6;
    private const double C4 = 1.0 / 24;
    private const double C5 = 1.0 / 120;
    private const double C6 = 1.0 / 720;
    private const double C7 = 1.0 / 5040;

    /// <inheritdoc />
    public float Invoke(float x)
    {
        if (float.IsNaN(x))
        {
            return x;
        }

        return (float)Exp(x);
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<float> Invoke(Vector<float> x)
    {
        Vector.Widen(x, out Vector<double> low, out Vector<double> high);
        Vector<float> e = Vector.Narrow(Exp(low), Exp(high));
        return Vector.ConditionalSelect(Vector.Equals(x, x), e, x);
    }

    /// <summary><c>e^x</c> in double precision, for x clamped to [−104, 104] (NaN lanes give some value; callers select NaN themselves): the core of both forms, shared with <see cref="Activations.Sigmoid"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double Exp(double x)
    {
        double d = Math.Min(Math.Max(x, Lowest), Highest);
        double shifted = (d * Log2E) + RoundingShift;
        double n = shifted - RoundingShift;
        double r = d - (n * Ln2);
        double p = (((((((((((((C7 * r) + C6) * r) + C5) * r) + C4) * r) + C3) * r) + C2) * r) + 1.0) * r) + 1.0;
        double scale = BitConverter.Int64BitsToDouble((BitConverter.DoubleToInt64Bits(shifted) + 1023) << 52);
        return p * scale;
    }

    /// <summary><see cref="Exp(double)"/> of every lane, with the same operations in the same order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector<double> Exp(Vector<double> x)
    {
        Vector<double> d = Vector.Min(Vector.Max(x, new Vector<double>(Lowest)), new Vector<double>(Highest));
        Vector<double> shifted = (d * new Vector<double>(Log2E)) + new Vector<double>(RoundingShift);
        Vector<double> n = shifted - new Vector<double>(RoundingShift);
        Vector<double> r = d - (n * new Vector<double>(Ln2));
        Vector<double> p = new(C7);
        p = (p * r) + new Vector<double>(C6);
        p = (p * r) + new Vector<double>(C5);
        p = (p * r) + new Vector<double>(C4);
        p = (p * r) + new Vector<double>(C3);
        p = (p * r) + new Vector<double>(C2);
        p = (p * r) + Vector<double>.One;
        p = (p * r) + Vector<double>.One;
        Vector<long> exponent = Vector.ShiftLeft(Vector.AsVectorInt64(shifted) + new Vector<long>(1023), 52);
        return p * Vector.AsVectorDouble(exponent);
    }
}

using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NeuralNet.Compute;

/// <summary>The plain arithmetic of the layers, losses and trainer on spans, under TensorPrimitives' names and with its results.</summary>
/// <remarks>
/// <para>Each operation is a one-line operator run by <see cref="Elementwise"/>, which says why these are not calls to
/// <see cref="System.Numerics.Tensors.TensorPrimitives"/> itself. Results are TensorPrimitives' bit for bit: the same
/// IEEE operation on each element, no fused multiply-add (TensorPrimitives.MultiplyAdd does not fuse either). Every
/// method accepts its output aliasing an input.</para>
/// <para>Two are the library's own functions, not TensorPrimitives': <see cref="Exp"/> (its own method, within one unit
/// in the last place of the nearest float) and <see cref="Sum"/> (its own order of additions).</para>
/// </remarks>
internal static partial class SpanKernels
{
    /// <summary><c>destination[i] = x[i] + y[i]</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Add(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination) =>
        Elementwise.Map(default(Addition), x, y, destination);

    /// <summary><c>destination[i] = x[i] − y[i]</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Subtract(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination) =>
        Elementwise.Map(default(Difference), x, y, destination);

    /// <summary><c>destination[i] = x[i] · y[i]</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination) =>
        Elementwise.Map(default(Product), x, y, destination);

    /// <summary><c>destination[i] = x[i] · y</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply(ReadOnlySpan<float> x, float y, Span<float> destination) =>
        Elementwise.Map(new Scaled(y), x, destination);

    /// <summary><c>destination[i] = x[i] + y</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Add(ReadOnlySpan<float> x, float y, Span<float> destination) =>
        Elementwise.Map(new Shifted(y), x, destination);

    /// <summary><c>destination[i] = x[i] · y + addend[i]</c>, rounded after the product (not fused).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MultiplyAdd(ReadOnlySpan<float> x, float y, ReadOnlySpan<float> addend, Span<float> destination) =>
        Elementwise.Map(new ScaledSum(y), x, addend, destination);

    /// <summary><c>destination[i] = e^x[i]</c>, within one unit in the last place of the nearest float (see <see cref="Exponential"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Exp(ReadOnlySpan<float> x, Span<float> destination) =>
        Elementwise.Map(default(Exponential), x, destination);

    /// <summary>The sum of the values, added in a fixed order (lane by lane, then across the lanes, then the tail), so the same span always gives the same bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Sum(ReadOnlySpan<float> x)
    {
        ref float first = ref MemoryMarshal.GetReference(x);
        int i = 0;
        float sum = 0f;
        if (x.Length >= Vector<float>.Count)
        {
            Vector<float> lanes = Vector.LoadUnsafe(ref first);
            for (i = Vector<float>.Count; i <= x.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                lanes += Vector.LoadUnsafe(ref first, (nuint)i);
            }

            sum = Vector.Sum(lanes);
        }

        for (; i < x.Length; i++)
        {
            sum += x[i];
        }

        return sum;
    }

    /// <summary>The largest value, the IEEE 754 maximum (NaN if any value is NaN, +0 above −0), of a short span such as a softmax column.</summary>
    /// <exception cref="ArgumentException"><paramref name="x"/> is empty.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Max(ReadOnlySpan<float> x)
    {
        if (x.IsEmpty)
        {
            throw new ArgumentException("The maximum of no values is undefined.", nameof(x));
        }

        float max = x[0];
        for (int i = 1; i < x.Length; i++)
        {
            max = MathF.Max(max, x[i]);
        }

        return max;
    }

    /// <summary>x + y.</summary>
    private readonly struct Addition : IBinaryOperator
    {
        public float Invoke(float x, float y) => x + y;

        public Vector<float> Invoke(Vector<float> x, Vector<float> y) => x + y;
    }

    /// <summary>x − y.</summary>
    private readonly struct Difference : IBinaryOperator
    {
        public float Invoke(float x, float y) => x - y;

        public Vector<float> Invoke(Vector<float> x, Vector<float> y) => x - y;
    }

    /// <summary>x · y.</summary>
    private readonly struct Product : IBinaryOperator
    {
        public float Invoke(float x, float y) => x * y;

        public Vector<float> Invoke(Vector<float> x, Vector<float> y) => x * y;
    }

    /// <summary>x · factor.</summary>
    private readonly struct Scaled(float factor) : IUnaryOperator
    {
        private readonly Constant _factor = new(factor);

        public float Invoke(float x) => x * _factor;

        public Vector<float> Invoke(Vector<float> x) => x * _factor;
    }

    /// <summary>x + term.</summary>
    private readonly struct Shifted(float term) : IUnaryOperator
    {
        private readonly Constant _term = new(term);

        public float Invoke(float x) => x + _term;

        public Vector<float> Invoke(Vector<float> x) => x + _term;
    }

    /// <summary>x · factor + addend.</summary>
    private readonly struct ScaledSum(float factor) : IBinaryOperator
    {
        private readonly Constant _factor = new(factor);

        public float Invoke(float x, float addend) => (x * _factor) + addend;

        public Vector<float> Invoke(Vector<float> x, Vector<float> addend) => (x * _factor) + addend;
    }
}

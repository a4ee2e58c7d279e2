using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NeuralNet.Compute;

namespace NeuralNet.Optimizers;

/// <summary>Adam: per-coordinate steps from bias-corrected running averages of the gradient and of its square.</summary>
/// <remarks>
/// <para>Kingma &amp; Ba, <a href="https://arxiv.org/abs/1412.6980">Adam: A Method for Stochastic Optimization</a>
/// (ICLR 2015), as PyTorch's <c>torch.optim.Adam</c> computes it, with t the parameter's own step count (1 at its first step):</para>
/// <code>
/// m ← β1·m + (1 − β1)·g
/// v ← β2·v + (1 − β2)·g²
/// m̂ = m / (1 − β1^t),  v̂ = v / (1 − β2^t)
/// θ ← θ − lr·m̂ / (√v̂ + ε)
/// </code>
/// <para>Defaults are PyTorch's and the paper's: lr 0.001, β1 0.9, β2 0.999, ε 1e-8. Keras defaults ε to 1e-7 and adds it
/// to √v before the bias correction (the paper's ε̂), which weighs ε more in early steps.</para>
/// <para>State: <c>exp_avg</c> (m) and <c>exp_avg_sq</c> (v). t is the optimizer's step count, not a per-parameter one.</para>
/// </remarks>
public sealed unsafe class Adam : Optimizer
{
    private static readonly string[] _stateNames = ["exp_avg", "exp_avg_sq"];

    /// <summary>Creates Adam.</summary>
    /// <param name="learningRate">The step size lr; a positive finite number; default 0.001.</param>
    /// <param name="beta1">The decay rate β1 of the gradient average, in [0, 1); default 0.9.</param>
    /// <param name="beta2">The decay rate β2 of the squared-gradient average, in [0, 1); default 0.999.</param>
    /// <param name="epsilon">The ε added to √v̂ so the division stays finite, ≥ 0; default 1e-8.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is not a positive finite number,
    /// <paramref name="beta1"/> or <paramref name="beta2"/> is not in [0, 1), or <paramref name="epsilon"/> is negative or
    /// not finite.</exception>
    public Adam(float learningRate = 0.001f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f)
        : base(learningRate)
    {
        Beta1 = Hyperparameter.Fraction(beta1, Name);
        Beta2 = Hyperparameter.Fraction(beta2, Name);
        Epsilon = Hyperparameter.NonNegative(epsilon, Name);
    }

    /// <inheritdoc />
    public override string Name => "Adam";

    /// <summary>The decay rate β1 of the gradient average m.</summary>
    public float Beta1 { get; }

    /// <summary>The decay rate β2 of the squared-gradient average v.</summary>
    public float Beta2 { get; }

    /// <summary>The ε added to √v̂ before dividing.</summary>
    public float Epsilon { get; }

    /// <inheritdoc />
    public override IReadOnlyList<string> StateNames => _stateNames;

    /// <summary>Describes the settings, such as <c>Adam(lr=0.001, betas=(0.9, 0.999), eps=1E-08)</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"Adam(lr={LearningRate}, betas=({Beta1}, {Beta2}), eps={Epsilon})");

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void Update(Span<float> value, ReadOnlySpan<float> gradient, float[][] state, long step) =>
        Apply(value, gradient, state[0], state[1], LearningRate, Beta1, Beta2, Epsilon, step);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private protected override bool UpdateAndCheck(Span<float> value, ReadOnlySpan<float> gradient, float[][] state, long step) =>
        Apply(value, gradient, state[0], state[1], LearningRate, Beta1, Beta2, Epsilon, step);

    /// <summary>The Adam step of <paramref name="value"/> at step <paramref name="t"/>, shared with <see cref="AdamW"/>; returns whether every new value is finite.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static bool Apply(
        Span<float> value,
        ReadOnlySpan<float> gradient,
        Span<float> expAvg,
        Span<float> expAvgSq,
        float learningRate,
        float beta1,
        float beta2,
        float epsilon,
        long t)
    {
        // In double, as PyTorch's Python floats: 1 − β2^t is about 0.001·t early on, and float would lose digits of it.
        // The corrections go into scalars (lr/(1 − β1^t) and √(1 − β2^t)) so m̂ and v̂ never need buffers of their own.
        double correction1 = 1 - Math.Pow(beta1, t);
        double correction2 = 1 - Math.Pow(beta2, t);
        float stepSize = (float)(learningRate / correction1);
        float rootCorrection2 = (float)Math.Sqrt(correction2);
        if (value.Length != gradient.Length || expAvg.Length != value.Length || expAvgSq.Length != value.Length)
        {
            throw new ArgumentException($"Adam needs the value, gradient and both averages equally long; got {value.Length}, {gradient.Length}, {expAvg.Length} and {expAvgSq.Length}.");
        }

        if (!ParallelUpdate.Pays(value.Length))
        {
            return Fused(value, gradient, expAvg, expAvgSq, beta1, beta2, epsilon, -stepSize, rootCorrection2);
        }

        fixed (float* theta = value, g = gradient, m = expAvg, v = expAvgSq)
        {
            var job = new ParallelUpdate.Job
            {
                Value = theta, Gradient = g, First = m, Second = v, Length = value.Length,
                A = beta1, B = beta2, C = epsilon, D = -stepSize, E = rootCorrection2, Kernel = &Part,
            };
            return ParallelUpdate.Run(&job);
        }
    }

    private static bool Part(ParallelUpdate.Job* job, int start, int length) =>
        Fused(
            new Span<float>(job->Value + start, length),
            new ReadOnlySpan<float>(job->Gradient + start, length),
            new Span<float>(job->First + start, length),
            new Span<float>(job->Second + start, length),
            job->A,
            job->B,
            job->C,
            job->D,
            job->E);

    /// <summary>The whole update in one pass over the seven arrays, instead of ten passes of one operation each.</summary>
    /// <remarks>
    /// Each element goes through the same float operations in the same order as the ten passes (products rounded
    /// before sums, no fused multiply-add), so the result is the same bit for bit:
    /// <c>m = g·(1−β1) + m·β1; v = (g·g)·(1−β2) + v·β2; θ = (m / (√v / √(1−β2^t) + ε))·(−lr/(1−β1^t)) + θ</c>.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool Fused(
        Span<float> value,
        ReadOnlySpan<float> gradient,
        Span<float> expAvg,
        Span<float> expAvgSq,
        float beta1,
        float beta2,
        float epsilon,
        float negativeStepSize,
        float rootCorrection2)
    {
        ref float theta = ref MemoryMarshal.GetReference(value);
        ref float g = ref MemoryMarshal.GetReference(gradient);
        ref float m = ref MemoryMarshal.GetReference(expAvg);
        ref float v = ref MemoryMarshal.GetReference(expAvgSq);
        float keep1 = 1f - beta1, keep2 = 1f - beta2;
        var b1 = new Vector<float>(beta1);
        var b2 = new Vector<float>(beta2);
        var k1 = new Vector<float>(keep1);
        var k2 = new Vector<float>(keep2);
        var eps = new Vector<float>(epsilon);
        var step = new Vector<float>(negativeStepSize);
        var root = new Vector<float>(rootCorrection2);
        Vector<uint> nonFinite = Vector<uint>.Zero;
        int i = 0;
        for (; i <= value.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            nuint at = (nuint)i;
            Vector<float> gi = Vector.LoadUnsafe(ref g, at);
            Vector<float> mi = (gi * k1) + (Vector.LoadUnsafe(ref m, at) * b1);
            Vector<float> vi = ((gi * gi) * k2) + (Vector.LoadUnsafe(ref v, at) * b2);
            mi.StoreUnsafe(ref m, at);
            vi.StoreUnsafe(ref v, at);
            Vector<float> denominator = (Vector.SquareRoot(vi) / root) + eps;
            Vector<float> updated = ((mi / denominator) * step) + Vector.LoadUnsafe(ref theta, at);
            updated.StoreUnsafe(ref theta, at);
            nonFinite |= SpanKernels.NonFinite(updated);
        }

        bool finite = nonFinite == Vector<uint>.Zero;
        for (; i < value.Length; i++)
        {
            float gi = Unsafe.Add(ref g, i);
            float mi = (gi * keep1) + (Unsafe.Add(ref m, i) * beta1);
            float vi = ((gi * gi) * keep2) + (Unsafe.Add(ref v, i) * beta2);
            Unsafe.Add(ref m, i) = mi;
            Unsafe.Add(ref v, i) = vi;
            float denominator = (MathF.Sqrt(vi) / rootCorrection2) + epsilon;
            float updated = ((mi / denominator) * negativeStepSize) + Unsafe.Add(ref theta, i);
            Unsafe.Add(ref theta, i) = updated;
            finite &= float.IsFinite(updated);
        }

        return finite;
    }
}

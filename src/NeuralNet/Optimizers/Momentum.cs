using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NeuralNet.Compute;

namespace NeuralNet.Optimizers;

/// <summary>SGD with (heavy-ball) momentum: steps along a running sum of past gradients.</summary>
/// <remarks>
/// <para>Polyak, <a href="https://doi.org/10.1016/0041-5553(64)90137-5">Some methods of speeding up the convergence of
/// iteration methods</a> (1964), in PyTorch's formulation (<c>torch.optim.SGD</c> with <c>momentum</c> and
/// <c>dampening</c>), with μ the momentum and d the dampening:</para>
/// <code>
/// v ← g                      at the first step (PyTorch starts the buffer at the gradient, not at zero)
/// v ← μ·v + (1 − d)·g        afterwards
/// θ ← θ − lr·v
/// </code>
/// <para>Keras (and Sutskever et al. 2013) write <c>v ← μ·v − lr·g; θ ← θ + v</c>, which folds the learning rate into
/// the buffer: the same steps while lr is constant, different ones once a schedule changes it. We follow PyTorch.</para>
/// <para>State: <c>momentum_buffer</c> (v).</para>
/// </remarks>
public sealed class Momentum : Optimizer
{
    private static readonly string[] _stateNames = ["momentum_buffer"];

    /// <summary>Creates SGD with momentum.</summary>
    /// <param name="learningRate">The step size lr; a positive finite number, such as 0.01 (PyTorch has no default).</param>
    /// <param name="momentum">The momentum μ in (0, 1); default 0.9.</param>
    /// <param name="dampening">The dampening d in [0, 1) that scales new gradients by 1 − d; default 0, as in PyTorch.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is not a positive finite number,
    /// <paramref name="momentum"/> is not in (0, 1), or <paramref name="dampening"/> is not in [0, 1).</exception>
    public Momentum(float learningRate, float momentum = 0.9f, float dampening = 0f)
        : base(learningRate)
    {
        MomentumFactor = Hyperparameter.Momentum(momentum, Name);
        Dampening = Hyperparameter.Fraction(dampening, Name);
    }

    /// <inheritdoc />
    public override string Name => "Momentum";

    /// <summary>The momentum μ: how much of the buffer each step keeps (PyTorch's <c>momentum</c>).</summary>
    public float MomentumFactor { get; }

    /// <summary>The dampening d: new gradients enter the buffer scaled by 1 − d.</summary>
    public float Dampening { get; }

    /// <inheritdoc />
    public override IReadOnlyList<string> StateNames => _stateNames;

    /// <summary>Describes the settings, such as <c>Momentum(lr=0.01, momentum=0.9, dampening=0)</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"Momentum(lr={LearningRate}, momentum={MomentumFactor}, dampening={Dampening})");

    /// <inheritdoc />
    protected override void Update(Span<float> value, ReadOnlySpan<float> gradient, float[][] state, long step) =>
        UpdateAndCheck(value, gradient, state, step);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private protected override unsafe bool UpdateAndCheck(Span<float> value, ReadOnlySpan<float> gradient, float[][] state, long step)
    {
        Span<float> velocity = state[0];
        if (!ParallelUpdate.Pays(value.Length))
        {
            return Range(value, gradient, velocity, step == 1, MomentumFactor, 1f - Dampening, -LearningRate);
        }

        fixed (float* theta = value, g = gradient, v = velocity)
        {
            var job = new ParallelUpdate.Job
            {
                Value = theta, Gradient = g, First = v, Length = value.Length,
                A = step == 1 ? 1f : 0f, B = MomentumFactor, C = 1f - Dampening, D = -LearningRate, Kernel = &Part,
            };
            return ParallelUpdate.Run(&job);
        }
    }

    private static unsafe bool Part(ParallelUpdate.Job* job, int start, int length) =>
        Range(
            new Span<float>(job->Value + start, length),
            new ReadOnlySpan<float>(job->Gradient + start, length),
            new Span<float>(job->First + start, length),
            job->A == 1f,
            job->B,
            job->C,
            job->D);

    /// <summary>The update of a range: v (from g at the first step), then θ ← v·(−lr) + θ; whether every θ is finite.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool Range(Span<float> value, ReadOnlySpan<float> gradient, Span<float> velocity, bool first, float momentum, float keep, float negativeRate)
    {
        if (first)
        {
            // PyTorch clones the gradient into a new buffer, undamped: with dampening, μ·0 + (1 − d)·g would differ.
            gradient.CopyTo(velocity);
        }
        else
        {
            Accumulate(velocity, gradient, momentum, keep);
        }

        return SpanKernels.MultiplyAddAllFinite(velocity, negativeRate, value, value);
    }

    /// <summary><c>v ← g·(1 − d) + v·μ</c> in one pass, each element rounded as two TensorPrimitives passes would round it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Accumulate(Span<float> velocity, ReadOnlySpan<float> gradient, float momentum, float keep)
    {
        ref float v = ref MemoryMarshal.GetReference(velocity);
        ref float g = ref MemoryMarshal.GetReference(gradient);
        var mu = new Vector<float>(momentum);
        var k = new Vector<float>(keep);
        int i = 0;
        for (; i <= velocity.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            ((Vector.LoadUnsafe(ref g, (nuint)i) * k) + (Vector.LoadUnsafe(ref v, (nuint)i) * mu)).StoreUnsafe(ref v, (nuint)i);
        }

        for (; i < velocity.Length; i++)
        {
            Unsafe.Add(ref v, i) = (Unsafe.Add(ref g, i) * keep) + (Unsafe.Add(ref v, i) * momentum);
        }
    }
}

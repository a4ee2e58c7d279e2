using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using NeuralNet.Compute;

namespace NeuralNet.Optimizers;

/// <summary>AdamW: Adam with the weight decay applied to the weights directly instead of through the gradient.</summary>
/// <remarks>
/// <para>Loshchilov &amp; Hutter, <a href="https://arxiv.org/abs/1711.05101">Decoupled Weight Decay Regularization</a>
/// (ICLR 2019), as PyTorch's <c>torch.optim.AdamW</c> computes it, with λ the weight decay and t the parameter's own step count:</para>
/// <code>
/// θ ← θ·(1 − lr·λ)                     first, with the current θ
/// m ← β1·m + (1 − β1)·g
/// v ← β2·v + (1 − β2)·g²
/// m̂ = m / (1 − β1^t),  v̂ = v / (1 − β2^t)
/// θ ← θ − lr·m̂ / (√v̂ + ε)
/// </code>
/// <para>Unlike an L2 penalty added to g, the decay is not divided by √v̂, so every weight shrinks at the same rate.
/// The decay is scaled by lr, as PyTorch (the paper scales it by the schedule multiplier only).</para>
/// <para>Defaults are PyTorch's: lr 0.001, β1 0.9, β2 0.999, ε 1e-8, λ 0.01. Keras defaults λ to 0.004 and ε to 1e-7,
/// added to √v before the bias correction.</para>
/// <para>State: <c>exp_avg</c> (m) and <c>exp_avg_sq</c> (v).</para>
/// </remarks>
public sealed class AdamW : Optimizer
{
    private static readonly string[] _stateNames = ["exp_avg", "exp_avg_sq"];

    /// <summary>Creates AdamW.</summary>
    /// <param name="learningRate">The step size lr; a positive finite number; default 0.001.</param>
    /// <param name="beta1">The decay rate β1 of the gradient average, in [0, 1); default 0.9.</param>
    /// <param name="beta2">The decay rate β2 of the squared-gradient average, in [0, 1); default 0.999.</param>
    /// <param name="epsilon">The ε added to √v̂ so the division stays finite, ≥ 0; default 1e-8.</param>
    /// <param name="weightDecay">The decoupled weight decay λ, ≥ 0; default 0.01.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is not a positive finite number,
    /// <paramref name="beta1"/> or <paramref name="beta2"/> is not in [0, 1), or <paramref name="epsilon"/> or
    /// <paramref name="weightDecay"/> is negative or not finite.</exception>
    public AdamW(float learningRate = 0.001f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f, float weightDecay = 0.01f)
        : base(learningRate)
    {
        Beta1 = Hyperparameter.Fraction(beta1, Name);
        Beta2 = Hyperparameter.Fraction(beta2, Name);
        Epsilon = Hyperparameter.NonNegative(epsilon, Name);
        WeightDecay = Hyperparameter.NonNegative(weightDecay, Name);
    }

    /// <inheritdoc />
    public override string Name => "AdamW";

    /// <summary>The decay rate β1 of the gradient average m.</summary>
    public float Beta1 { get; }

    /// <summary>The decay rate β2 of the squared-gradient average v.</summary>
    public float Beta2 { get; }

    /// <summary>The ε added to √v̂ before dividing.</summary>
    public float Epsilon { get; }

    /// <summary>The decoupled weight decay λ: each step multiplies the weights by 1 − lr·λ.</summary>
    public float WeightDecay { get; }

    /// <inheritdoc />
    public override IReadOnlyList<string> StateNames => _stateNames;

    /// <summary>Describes the settings, such as <c>AdamW(lr=0.001, betas=(0.9, 0.999), eps=1E-08, weight_decay=0.01)</c>.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"AdamW(lr={LearningRate}, betas=({Beta1}, {Beta2}), eps={Epsilon}, weight_decay={WeightDecay})");

    /// <inheritdoc />
    protected override void Update(Span<float> value, ReadOnlySpan<float> gradient, float[][] state, long step) =>
        _ = UpdateAndCheck(value, gradient, state, step);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private protected override bool UpdateAndCheck(Span<float> value, ReadOnlySpan<float> gradient, float[][] state, long step) =>
        Elementwise.Update(new Rule(LearningRate, WeightDecay, Adam.Rule.At(step, LearningRate, Beta1, Beta2, Epsilon)), value, gradient, state[0], state[1]);

    /// <summary><c>θ ← θ·(1 − lr·λ)</c>, then <see cref="Adam.Rule"/> on the decayed θ.</summary>
    internal readonly struct Rule(float learningRate, float weightDecay, Adam.Rule adam) : IUpdateRule
    {
        // 1 − lr·λ in double, as PyTorch's Python floats, then one rounding to float.
        private readonly Constant _decay = new((float)(1 - ((double)learningRate * weightDecay)));

        public static int StateCount => 2;

        public float Update(float theta, float g, ref float m, ref float v) => adam.Update(theta * _decay, g, ref m, ref v);

        public Vector<float> Update(Vector<float> theta, Vector<float> g, ref Vector<float> m, ref Vector<float> v) =>
            adam.Update(theta * _decay, g, ref m, ref v);
    }
}

using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
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
public sealed class Adam : Optimizer
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
    protected override void Update(Span<float> value, ReadOnlySpan<float> gradient, float[][] state, long step) =>
        _ = UpdateAndCheck(value, gradient, state, step);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private protected override bool UpdateAndCheck(Span<float> value, ReadOnlySpan<float> gradient, float[][] state, long step) =>
        Elementwise.Update(Rule.At(step, LearningRate, Beta1, Beta2, Epsilon), value, gradient, state[0], state[1]);

    /// <summary>
    /// <c>m ← β1·m + (1 − β1)·g</c>; <c>v ← β2·v + (1 − β2)·g²</c>; <c>θ ← θ − lr·m̂ / (√v̂ + ε)</c>, with the bias
    /// corrections folded into two constants of the step: <c>lr·m̂ = (lr / (1 − β1^t))·m</c> and <c>√v̂ = √v / √(1 − β2^t)</c>,
    /// so m̂ and v̂ never need buffers of their own.
    /// </summary>
    internal readonly struct Rule : IUpdateRule
    {
        private readonly Constant _beta1;
        private readonly Constant _beta2;
        private readonly Constant _keep1;
        private readonly Constant _keep2;
        private readonly Constant _epsilon;
        private readonly Constant _stepSize;
        private readonly Constant _rootCorrection2;

        private Rule(float beta1, float beta2, float epsilon, float stepSize, float rootCorrection2)
        {
            _beta1 = new(beta1);
            _beta2 = new(beta2);
            _keep1 = new(1f - beta1);
            _keep2 = new(1f - beta2);
            _epsilon = new(epsilon);
            _stepSize = new(stepSize);
            _rootCorrection2 = new(rootCorrection2);
        }

        public static int StateCount => 2;

        /// <summary>The rule of step <paramref name="t"/> (counted from 1), shared with <see cref="AdamW"/>.</summary>
        public static Rule At(long t, float learningRate, float beta1, float beta2, float epsilon)
        {
            // In double, as PyTorch's Python floats: 1 − β2^t is about 0.001·t early on, and float would lose digits of it.
            double correction1 = 1 - Math.Pow(beta1, t);
            double correction2 = 1 - Math.Pow(beta2, t);
            return new Rule(beta1, beta2, epsilon, (float)(learningRate / correction1), (float)Math.Sqrt(correction2));
        }

        // Longer than the JIT inlines unasked: without the attribute the driver's loop made a call per vector.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float Update(float theta, float g, ref float m, ref float v)
        {
            m = (_beta1 * m) + (_keep1 * g);
            v = (_beta2 * v) + (_keep2 * (g * g));
            return theta - (_stepSize * (m / ((MathF.Sqrt(v) / _rootCorrection2) + _epsilon)));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector<float> Update(Vector<float> theta, Vector<float> g, ref Vector<float> m, ref Vector<float> v)
        {
            m = (_beta1 * m) + (_keep1 * g);
            v = (_beta2 * v) + (_keep2 * (g * g));
            return theta - (_stepSize * (m / ((Vector.SquareRoot(v) / _rootCorrection2) + _epsilon)));
        }
    }
}

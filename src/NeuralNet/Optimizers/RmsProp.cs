using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using NeuralNet.Compute;

namespace NeuralNet.Optimizers;

/// <summary>RMSprop: divides each gradient coordinate by a running root mean square of its recent values.</summary>
/// <remarks>
/// <para>Hinton, <a href="https://www.cs.toronto.edu/~tijmen/csc321/slides/lecture_slides_lec6.pdf">Neural Networks for
/// Machine Learning, lecture 6e</a> (2012), as PyTorch's <c>torch.optim.RMSprop</c> (non-centered) computes it, with α the
/// smoothing constant and μ the momentum:</para>
/// <code>
/// s ← α·s + (1 − α)·g²
/// θ ← θ − lr·g / (√s + ε)                         when μ = 0
/// b ← μ·b + g / (√s + ε);  θ ← θ − lr·b           when μ &gt; 0 (b starts at zero)
/// </code>
/// <para>Defaults are PyTorch's: lr 0.01, α 0.99, ε 1e-8, no momentum. Keras defaults to lr 0.001, ρ (our α) 0.9 and
/// ε 1e-7, and folds lr into its momentum buffer (<c>b ← μ·b + lr·g / (√s + ε)</c>).</para>
/// <para>State: <c>square_avg</c> (s), and <c>momentum_buffer</c> (b) when μ &gt; 0.</para>
/// </remarks>
public sealed class RmsProp : Optimizer
{
    private static readonly string[] _stateNames = ["square_avg"];
    private static readonly string[] _stateNamesWithMomentum = ["square_avg", "momentum_buffer"];

    /// <summary>Creates RMSprop.</summary>
    /// <param name="learningRate">The step size lr; a positive finite number; default 0.01.</param>
    /// <param name="alpha">The smoothing constant α of the squared-gradient average, in [0, 1); default 0.99.</param>
    /// <param name="epsilon">The ε added to the root mean square so the division stays finite, ≥ 0; default 1e-8.</param>
    /// <param name="momentum">The momentum μ in [0, 1); default 0 (none).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is not a positive finite number,
    /// <paramref name="alpha"/> or <paramref name="momentum"/> is not in [0, 1), or <paramref name="epsilon"/> is negative
    /// or not finite.</exception>
    public RmsProp(float learningRate = 0.01f, float alpha = 0.99f, float epsilon = 1e-8f, float momentum = 0f)
        : base(learningRate)
    {
        Alpha = Hyperparameter.Fraction(alpha, Name);
        Epsilon = Hyperparameter.NonNegative(epsilon, Name);
        MomentumFactor = Hyperparameter.Fraction(momentum, Name);
    }

    /// <inheritdoc />
    public override string Name => "RMSprop";

    /// <summary>The smoothing constant α: how much of the squared-gradient average each step keeps.</summary>
    public float Alpha { get; }

    /// <summary>The ε added to the root mean square before dividing.</summary>
    public float Epsilon { get; }

    /// <summary>The momentum μ, or 0 for none (PyTorch's <c>momentum</c>).</summary>
    public float MomentumFactor { get; }

    /// <inheritdoc />
    public override IReadOnlyList<string> StateNames => MomentumFactor > 0f ? _stateNamesWithMomentum : _stateNames;

    /// <summary>Describes the settings, such as <c>RMSprop(lr=0.01, alpha=0.99, eps=1E-08, momentum=0)</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"RMSprop(lr={LearningRate}, alpha={Alpha}, eps={Epsilon}, momentum={MomentumFactor})");

    /// <inheritdoc />
    protected override void Update(Span<float> value, ReadOnlySpan<float> gradient, float[][] state, long step) =>
        _ = UpdateAndCheck(value, gradient, state, step);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private protected override bool UpdateAndCheck(Span<float> value, ReadOnlySpan<float> gradient, float[][] state, long step) =>
        MomentumFactor > 0f
            ? Elementwise.Update(new RuleWithMomentum(LearningRate, Alpha, Epsilon, MomentumFactor), value, gradient, state[0], state[1])
            : Elementwise.Update(new Rule(LearningRate, Alpha, Epsilon), value, gradient, state[0]);

    /// <summary><c>s ← α·s + (1 − α)·g²</c>; <c>θ ← θ − lr·g / (√s + ε)</c>.</summary>
    /// <remarks>ε outside the root, as PyTorch: TensorFlow 1 added it inside, which matters while s is tiny.</remarks>
    internal readonly struct Rule(float learningRate, float alpha, float epsilon) : IUpdateRule
    {
        private readonly Constant _learningRate = new(learningRate);
        private readonly Constant _alpha = new(alpha);
        private readonly Constant _keep = new(1f - alpha);
        private readonly Constant _epsilon = new(epsilon);

        public static int StateCount => 1;

        public float Update(float theta, float g, ref float s, ref float unused)
        {
            s = (_alpha * s) + (_keep * (g * g));
            return theta - (_learningRate * (g / (MathF.Sqrt(s) + _epsilon)));
        }

        public Vector<float> Update(Vector<float> theta, Vector<float> g, ref Vector<float> s, ref Vector<float> unused)
        {
            s = (_alpha * s) + (_keep * (g * g));
            return theta - (_learningRate * (g / (Vector.SquareRoot(s) + _epsilon)));
        }
    }

    /// <summary><c>s ← α·s + (1 − α)·g²</c>; <c>b ← μ·b + g / (√s + ε)</c>; <c>θ ← θ − lr·b</c>.</summary>
    internal readonly struct RuleWithMomentum(float learningRate, float alpha, float epsilon, float momentum) : IUpdateRule
    {
        private readonly Constant _learningRate = new(learningRate);
        private readonly Constant _alpha = new(alpha);
        private readonly Constant _keep = new(1f - alpha);
        private readonly Constant _epsilon = new(epsilon);
        private readonly Constant _momentum = new(momentum);

        public static int StateCount => 2;

        public float Update(float theta, float g, ref float s, ref float b)
        {
            s = (_alpha * s) + (_keep * (g * g));
            b = (_momentum * b) + (g / (MathF.Sqrt(s) + _epsilon));
            return theta - (_learningRate * b);
        }

        public Vector<float> Update(Vector<float> theta, Vector<float> g, ref Vector<float> s, ref Vector<float> b)
        {
            s = (_alpha * s) + (_keep * (g * g));
            b = (_momentum * b) + (g / (Vector.SquareRoot(s) + _epsilon));
            return theta - (_learningRate * b);
        }
    }
}

using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
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
        _ = UpdateAndCheck(value, gradient, state, step);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private protected override bool UpdateAndCheck(Span<float> value, ReadOnlySpan<float> gradient, float[][] state, long step) =>
        Elementwise.Update(new Rule(LearningRate, MomentumFactor, Dampening, firstStep: step == 1), value, gradient, state[0]);

    /// <summary><c>v ← g</c> at the first step, <c>v ← μ·v + (1 − d)·g</c> afterwards; <c>θ ← θ − lr·v</c>.</summary>
    internal readonly struct Rule(float learningRate, float momentum, float dampening, bool firstStep) : IUpdateRule
    {
        private readonly Constant _learningRate = new(learningRate);
        private readonly Constant _momentum = new(momentum);
        private readonly Constant _keep = new(1f - dampening);

        public static int StateCount => 1;

        public float Update(float theta, float g, ref float v, ref float unused)
        {
            // PyTorch clones the gradient into the new buffer, undamped: with dampening, μ·0 + (1 − d)·g would differ.
            v = firstStep ? g : (_momentum * v) + (_keep * g);
            return theta - (_learningRate * v);
        }

        public Vector<float> Update(Vector<float> theta, Vector<float> g, ref Vector<float> v, ref Vector<float> unused)
        {
            v = firstStep ? g : (_momentum * v) + (_keep * g);
            return theta - (_learningRate * v);
        }
    }
}

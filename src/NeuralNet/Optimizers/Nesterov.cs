using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using NeuralNet.Compute;

namespace NeuralNet.Optimizers;

/// <summary>SGD with Nesterov momentum: steps along the gradient plus the momentum buffer's look-ahead.</summary>
/// <remarks>
/// <para>Sutskever, Martens, Dahl &amp; Hinton, <a href="https://proceedings.mlr.press/v28/sutskever13.html">On the
/// importance of initialization and momentum in deep learning</a> (ICML 2013), after Nesterov (1983), in PyTorch's
/// formulation (<c>torch.optim.SGD</c> with <c>nesterov=True</c>, no dampening), with μ the momentum:</para>
/// <code>
/// v ← μ·v + g                (v = g at the first step)
/// θ ← θ − lr·(g + μ·v)
/// </code>
/// <para>Keras writes <c>v ← μ·v − lr·g; θ ← θ + μ·v − lr·g</c>, the learning rate folded into the buffer: the same
/// steps while lr is constant. We follow PyTorch.</para>
/// <para>State: <c>momentum_buffer</c> (v).</para>
/// </remarks>
public sealed class Nesterov : Optimizer
{
    private static readonly string[] _stateNames = ["momentum_buffer"];

    /// <summary>Creates SGD with Nesterov momentum.</summary>
    /// <param name="learningRate">The step size lr; a positive finite number, such as 0.01 (PyTorch has no default).</param>
    /// <param name="momentum">The momentum μ in (0, 1); default 0.9. PyTorch too refuses Nesterov without momentum.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is not a positive finite number,
    /// or <paramref name="momentum"/> is not in (0, 1).</exception>
    public Nesterov(float learningRate, float momentum = 0.9f)
        : base(learningRate) => MomentumFactor = Hyperparameter.Momentum(momentum, Name);

    /// <inheritdoc />
    public override string Name => "Nesterov";

    /// <summary>The momentum μ: how much of the buffer each step keeps (PyTorch's <c>momentum</c>).</summary>
    public float MomentumFactor { get; }

    /// <inheritdoc />
    public override IReadOnlyList<string> StateNames => _stateNames;

    /// <summary>Describes the settings, such as <c>Nesterov(lr=0.01, momentum=0.9)</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"Nesterov(lr={LearningRate}, momentum={MomentumFactor})");

    /// <inheritdoc />
    protected override void Update(Span<float> value, ReadOnlySpan<float> gradient, float[][] state, long step) =>
        _ = UpdateAndCheck(value, gradient, state, step);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private protected override bool UpdateAndCheck(Span<float> value, ReadOnlySpan<float> gradient, float[][] state, long step) =>
        Elementwise.Update(new Rule(LearningRate, MomentumFactor), value, gradient, state[0]);

    /// <summary><c>v ← μ·v + g</c>; <c>θ ← θ − lr·(g + μ·v)</c>.</summary>
    /// <remarks>Without dampening the new buffer's μ·0 + g is exactly PyTorch's clone of g, so the first step needs no case.</remarks>
    internal readonly struct Rule(float learningRate, float momentum) : IUpdateRule
    {
        private readonly Constant _learningRate = new(learningRate);
        private readonly Constant _momentum = new(momentum);

        public static int StateCount => 1;

        public float Update(float theta, float g, ref float v, ref float unused)
        {
            v = (_momentum * v) + g;
            return theta - (_learningRate * (g + (_momentum * v)));
        }

        public Vector<float> Update(Vector<float> theta, Vector<float> g, ref Vector<float> v, ref Vector<float> unused)
        {
            v = (_momentum * v) + g;
            return theta - (_learningRate * (g + (_momentum * v)));
        }
    }
}

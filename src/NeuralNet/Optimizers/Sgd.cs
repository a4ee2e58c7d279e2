using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using NeuralNet.Compute;

namespace NeuralNet.Optimizers;

/// <summary>Plain stochastic gradient descent: a step of fixed size against the gradient.</summary>
/// <remarks>
/// <para>Robbins &amp; Monro, <a href="https://doi.org/10.1214/aoms/1177729586">A Stochastic Approximation Method</a> (1951),
/// as PyTorch's <c>torch.optim.SGD</c> with its defaults (no momentum):</para>
/// <code>θ ← θ − lr·g</code>
/// <para>Keeps no state.</para>
/// </remarks>
public sealed class Sgd : Optimizer
{
    /// <summary>Creates plain SGD.</summary>
    /// <param name="learningRate">The step size lr; a positive finite number, such as 0.1 (PyTorch has no default).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is not a positive finite number.</exception>
    public Sgd(float learningRate)
        : base(learningRate)
    {
    }

    /// <inheritdoc />
    public override string Name => "SGD";

    /// <inheritdoc />
    public override IReadOnlyList<string> StateNames => [];

    /// <summary>Describes the settings, such as <c>SGD(lr=0.1)</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"SGD(lr={LearningRate})");

    /// <inheritdoc />
    protected override void Update(Span<float> value, ReadOnlySpan<float> gradient, float[][] state, long step) =>
        _ = UpdateAndCheck(value, gradient, state, step);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private protected override bool UpdateAndCheck(Span<float> value, ReadOnlySpan<float> gradient, float[][] state, long step) =>
        Elementwise.Update(new Rule(LearningRate), value, gradient);

    /// <summary><c>θ ← θ − lr·g</c>.</summary>
    internal readonly struct Rule(float learningRate) : IUpdateRule
    {
        private readonly Constant _learningRate = new(learningRate);

        public static int StateCount => 0;

        public float Update(float theta, float g, ref float unused0, ref float unused1) => theta - (_learningRate * g);

        public Vector<float> Update(Vector<float> theta, Vector<float> g, ref Vector<float> unused0, ref Vector<float> unused1) =>
            theta - (_learningRate * g);
    }
}

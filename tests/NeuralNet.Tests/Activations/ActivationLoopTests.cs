using System.Numerics.Tensors;
using NeuralNet.Activations;

namespace NeuralNet.Tests.Activations;

/// <summary>Each activation's operators against the loops and TensorPrimitives passes they replaced, bit for bit.</summary>
public sealed class ActivationLoopTests
{
    // A hidden layer's batch, an output layer's short columns (a scalar tail), and a column shorter than any vector.
    public static TheoryData<int, int> Shapes() => new() { { 128, 64 }, { 10, 3 }, { 3, 1 } };

    [Fact]
    public void ReluForward_SpecialValues_AsTensorPrimitivesMax()
    {
        float[] x = [-0f, 0f, float.NaN, float.NegativeInfinity, float.PositiveInfinity, -1f, 1f, float.Epsilon, -float.Epsilon];
        float[] ours = new float[x.Length];
        float[] theirs = new float[x.Length];

        NeuralNet.Compute.Elementwise.Map(default(Relu.Function), x, ours);
        TensorPrimitives.Max(x, 0f, theirs);

        ours.Select(BitConverter.SingleToInt32Bits).Should().Equal(theirs.Select(BitConverter.SingleToInt32Bits), "−0 becomes +0 and NaN stays NaN");
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ReluBackward_EqualsTheMaskLoop(int rows, int columns)
    {
        (Matrix<float> z, Matrix<float> a, Matrix<float> da) = Batch(rows, columns);
        var relu = new Relu();
        relu.Forward(z, a);
        Matrix<float> dz = Matrix<float>.Build.Dense(rows, columns);

        relu.Backward(z, a, da, dz);

        Bits(dz).Should().Equal(Bits(z.Map2((zi, gi) => zi > 0f ? gi : 0f, da)));
        Bits(a).Should().Equal(Bits(z.Map(zi => MathF.Max(zi, 0f))));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void LeakyRelu_EqualsTheSelectLoops(int rows, int columns)
    {
        (Matrix<float> z, Matrix<float> a, Matrix<float> da) = Batch(rows, columns);
        var leaky = new LeakyRelu(0.2f);
        Matrix<float> dz = Matrix<float>.Build.Dense(rows, columns);

        leaky.Forward(z, a);
        leaky.Backward(z, a, da, dz);

        Bits(a).Should().Equal(Bits(z.Map(zi => zi > 0f ? zi : 0.2f * zi)));
        Bits(dz).Should().Equal(Bits(z.Map2((zi, gi) => zi > 0f ? gi : 0.2f * gi, da)));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void SigmoidAndTanhBackward_EqualTheScalarLoops(int rows, int columns)
    {
        (Matrix<float> z, Matrix<float> a, Matrix<float> da) = Batch(rows, columns);
        Matrix<float> dz = Matrix<float>.Build.Dense(rows, columns);

        new Sigmoid().Forward(z, a);
        new Sigmoid().Backward(z, a, da, dz);
        Bits(dz).Should().Equal(Bits(a.Map2((ai, gi) => gi * ai * (1f - ai), da)), "sigmoid");

        new Tanh().Forward(z, a);
        new Tanh().Backward(z, a, da, dz);
        Bits(dz).Should().Equal(Bits(a.Map2((ai, gi) => gi * (1f - (ai * ai)), da)), "tanh");
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void SoftmaxBackward_EqualsTheTensorPrimitivesPasses(int rows, int columns)
    {
        (Matrix<float> z, Matrix<float> a, Matrix<float> da) = Batch(rows, columns);
        new Softmax().Forward(z, a);
        Matrix<float> dz = Matrix<float>.Build.Dense(rows, columns);
        Matrix<float> expected = Matrix<float>.Build.Dense(rows, columns);
        for (int j = 0; j < columns; j++)
        {
            float[] aj = a.Column(j).ToArray(), gj = da.Column(j).ToArray(), rj = new float[rows];
            TensorPrimitives.Subtract(gj, TensorPrimitives.Dot(aj, gj), rj);
            TensorPrimitives.Multiply(rj, aj, rj);
            expected.SetColumn(j, rj);
        }

        new Softmax().Backward(z, a, da, dz);

        Bits(dz).Should().Equal(Bits(expected));
    }

    private static (Matrix<float> Z, Matrix<float> A, Matrix<float> Da) Batch(int rows, int columns)
    {
        var random = new Random((rows * 100) + columns);
        Matrix<float> z = Matrix<float>.Build.Dense(rows, columns, (_, _) => (float)((random.NextDouble() - 0.5) * 8));
        z[0, 0] = -0f;
        z[rows - 1, columns - 1] = 0f;
        Matrix<float> da = Matrix<float>.Build.Dense(rows, columns, (_, _) => (float)(random.NextDouble() - 0.5));
        return (z, Matrix<float>.Build.Dense(rows, columns), da);
    }

    private static int[] Bits(Matrix<float> m) => m.AsColumnMajorArray().Select(BitConverter.SingleToInt32Bits).ToArray();
}

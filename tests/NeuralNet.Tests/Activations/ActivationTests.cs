using NeuralNet.Activations;

namespace NeuralNet.Tests.Activations;

public sealed class ActivationTests
{
    private static Matrix<float> Column(params float[] values) => Matrix<float>.Build.Dense(values.Length, 1, values);

    [Fact]
    public void ReluBackward_AtZero_IsZero()
    {
        Matrix<float> z = Column(-1f, 0f, 2f);
        Matrix<float> a = Column(0f, 0f, 0f);
        Matrix<float> dz = Column(0f, 0f, 0f);
        var relu = new Relu();
        relu.Forward(z, a);
        relu.Backward(z, a, Column(1f, 1f, 1f), dz);

        a.Column(0).ToArray().Should().Equal(0f, 0f, 2f);
        dz.Column(0).ToArray().Should().Equal(0f, 0f, 1f);
    }

    [Fact]
    public void LeakyRelu_NegativeInputs_UseSlope()
    {
        Matrix<float> z = Column(-2f, 0f, 3f);
        Matrix<float> a = Column(0f, 0f, 0f);
        Matrix<float> dz = Column(0f, 0f, 0f);
        var leaky = new LeakyRelu(0.1f);
        leaky.Forward(z, a);
        leaky.Backward(z, a, Column(1f, 1f, 1f), dz);

        a.Column(0).ToArray().Should().Equal(-0.2f, 0f, 3f);
        dz.Column(0).ToArray().Should().Equal(0.1f, 0.1f, 1f);
    }

    [Fact]
    public void Softmax_HugeLogits_StaysFiniteAndSumsToOne()
    {
        Matrix<float> z = Matrix<float>.Build.DenseOfColumnArrays([1000f, 999f, -1000f], [1e30f, 0f, 0f]);
        Matrix<float> a = Matrix<float>.Build.Dense(3, 2);
        new Softmax().Forward(z, a);

        a.Enumerate().Should().OnlyContain(v => float.IsFinite(v));
        a.Column(0).Sum().Should().BeApproximately(1f, 1e-6f);
        a.Column(1).Sum().Should().BeApproximately(1f, 1e-6f);
        a[0, 0].Should().BeApproximately(1f / (1f + MathF.Exp(-1f)), 1e-6f);
    }

    [Fact]
    public void Softmax_InPlace_GivesSameAsSeparateOutput()
    {
        Matrix<float> z = Matrix<float>.Build.DenseOfColumnArrays([1f, 2f, 3f], [0.5f, -1f, 4f]);
        Matrix<float> separate = Matrix<float>.Build.Dense(3, 2);
        new Softmax().Forward(z, separate);
        new Softmax().Forward(z, z);

        z.Should().BeEquivalentTo(separate);
    }

    [Fact]
    public void SigmoidAndTanh_Forward_MatchMath()
    {
        Matrix<float> z = Column(-1f, 0f, 2f);
        Matrix<float> a = Column(0f, 0f, 0f);
        new Sigmoid().Forward(z, a);
        a[2, 0].Should().BeApproximately(1f / (1f + MathF.Exp(-2f)), 1e-6f);
        new Tanh().Forward(z, a);
        a[0, 0].Should().BeApproximately(MathF.Tanh(-1f), 1e-6f);
    }

    [Theory]
    [InlineData("relu", "ReLU")]
    [InlineData("ReLU", "ReLU")]
    [InlineData("leaky-relu", "LeakyReLU")]
    [InlineData("LeakyReLU(0.2)", "LeakyReLU(0.2)")]
    [InlineData("sigmoid", "Sigmoid")]
    [InlineData("tanh", "Tanh")]
    [InlineData("softmax", "Softmax")]
    [InlineData("identity", "Identity")]
    public void FromName_KnownName_RoundTripsThroughName(string name, string expected)
    {
        Activation activation = Activation.FromName(name);
        activation.Name.Should().Be(expected);
        Activation.FromName(activation.Name).Name.Should().Be(expected);
    }

    [Fact]
    public void FromName_UnknownName_ThrowsListingChoices()
    {
        Action act = () => Activation.FromName("swish");
        act.Should().Throw<ArgumentException>().WithMessage("*swish*relu*tanh*");
    }

    [Theory]
    [InlineData(-0.1f)]
    [InlineData(1f)]
    [InlineData(float.NaN)]
    public void LeakyRelu_SlopeOutOfRange_Throws(float slope)
    {
        Action act = () => _ = new LeakyRelu(slope);
        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*slope*[0, 1)*");
    }
}

using System.Numerics.Tensors;
using NeuralNet.Compute;

namespace NeuralNet.Tests.Compute;

public sealed class SpanKernelsTests
{
    // Lengths around the vector width, so both the vector loop and the scalar tail run.
    public static TheoryData<int> Lengths() => [1, 3, 7, 8, 9, 10, 16, 17, 31, 1000, 1003];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void ElementwiseOperations_RandomValues_MatchTensorPrimitivesBitForBit(int length)
    {
        float[] x = Values(length, seed: 1);
        float[] y = Values(length, seed: 2);
        float[] ours = new float[length];
        float[] theirs = new float[length];

        SpanKernels.Add(x, y, ours);
        TensorPrimitives.Add(x, y, theirs);
        ours.Should().Equal(theirs, "Add");

        SpanKernels.Add(x, 0.37f, ours);
        TensorPrimitives.Add(x, 0.37f, theirs);
        ours.Should().Equal(theirs, "Add of a scalar");

        SpanKernels.Subtract(x, y, ours);
        TensorPrimitives.Subtract(x, y, theirs);
        ours.Should().Equal(theirs, "Subtract");

        SpanKernels.Multiply(x, 0.123f, ours);
        TensorPrimitives.Multiply(x, 0.123f, theirs);
        ours.Should().Equal(theirs, "Multiply");

        SpanKernels.MultiplyAdd(x, -0.0731f, y, ours);
        TensorPrimitives.MultiplyAdd(x, -0.0731f, y, theirs);
        ours.Should().Equal(theirs, "MultiplyAdd, which neither side fuses");

        SpanKernels.MaxZero(x, ours);
        TensorPrimitives.Max(x, 0f, theirs);
        ours.Should().Equal(theirs, "ReLU");

        SpanKernels.Max(x).Should().Be(TensorPrimitives.Max(x));
        SpanKernels.IndexOfMax(x).Should().Be(TensorPrimitives.IndexOfMax(x));
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void MultiplyAddAllFinite_WritesMultiplyAddAndFindsOverflowAnywhere(int length)
    {
        float[] x = Values(length, seed: 4);
        float[] y = Values(length, seed: 5);
        float[] expected = new float[length];
        float[] ours = new float[length];
        SpanKernels.MultiplyAdd(x, 0.25f, y, expected);

        SpanKernels.MultiplyAddAllFinite(x, 0.25f, y, ours).Should().BeTrue();
        ours.Should().Equal(expected);

        x[length - 1] = float.MaxValue;
        SpanKernels.MultiplyAddAllFinite(x, 4f, y, ours).Should().BeFalse("float.MaxValue·4 overflows to +∞ in the last element");
    }

    [Fact]
    public void MaxZero_SpecialValues_AsTensorPrimitives()
    {
        float[] x = [-0f, 0f, float.NaN, float.NegativeInfinity, float.PositiveInfinity, -1f, 1f, float.Epsilon, -float.Epsilon];
        float[] ours = new float[x.Length];
        float[] theirs = new float[x.Length];

        SpanKernels.MaxZero(x, ours);
        TensorPrimitives.Max(x, 0f, theirs);

        ours.Select(BitConverter.SingleToInt32Bits).Should().Equal(theirs.Select(BitConverter.SingleToInt32Bits), "−0 becomes +0 and NaN stays NaN");
    }

    [Theory]
    [InlineData(new float[] { 1f, 3f, 3f, 2f }, 1)]
    [InlineData(new float[] { -0f, 0f }, 1)]
    [InlineData(new float[] { 0f, -0f }, 0)]
    [InlineData(new float[] { 1f, float.NaN, 5f, float.NaN }, 1)]
    [InlineData(new float[] { float.NegativeInfinity, float.NegativeInfinity }, 0)]
    public void IndexOfMax_TiesZerosAndNaN_AsTensorPrimitives(float[] values, int expected)
    {
        SpanKernels.IndexOfMax(values).Should().Be(expected).And.Be(TensorPrimitives.IndexOfMax(values));
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void AllFinite_OneNaNOrInfinityAnywhere_IsFalse(int length)
    {
        float[] x = Values(length, seed: 3);
        SpanKernels.AllFinite(x).Should().BeTrue();

        foreach (float bad in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity })
        {
            for (int at = 0; at < length; at += Math.Max(1, length / 7))
            {
                float kept = x[at];
                x[at] = bad;
                SpanKernels.AllFinite(x).Should().BeFalse($"{bad} at {at} of {length}");
                x[at] = kept;
            }
        }

        float[] extremes = [float.MaxValue, float.MinValue, float.Epsilon, -0f];
        SpanKernels.AllFinite(extremes).Should().BeTrue("the largest and the subnormal values are finite");
    }

    [Fact]
    public void Add_DestinationShorterThanInputs_ThrowsWithLengths()
    {
        Action add = () => SpanKernels.Add(new float[4], new float[4], new float[3]);

        add.Should().Throw<ArgumentException>().WithMessage("*4*4*3*");
    }

    private static float[] Values(int length, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => (float)((random.NextDouble() - 0.5) * 10)).ToArray();
    }
}

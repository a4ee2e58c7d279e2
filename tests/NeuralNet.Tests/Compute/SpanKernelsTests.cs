using System.Numerics.Tensors;
using NeuralNet.Activations;
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

        Elementwise.Map(default(Relu.Function), x, ours);
        TensorPrimitives.Max(x, 0f, theirs);
        ours.Should().Equal(theirs, "ReLU");

        SpanKernels.Multiply(x, y, ours);
        TensorPrimitives.Multiply(x, y, theirs);
        ours.Should().Equal(theirs, "Multiply of two spans");

        SpanKernels.Max(x).Should().Be(TensorPrimitives.Max(x));
        SpanKernels.IndexOfMax(x).Should().Be(TensorPrimitives.IndexOfMax(x));
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

    [Fact]
    public void IndexOfMax_ShortAndLongSpansOfTiesZerosInfinitiesAndNaN_AsTensorPrimitives()
    {
        // Few distinct values, so ties are common; every length around the vector blocks of 8 and their overlaps.
        float[] pool = [0f, -0f, 1f, -1f, 0.25f, float.MaxValue, float.MinValue, float.PositiveInfinity, float.NegativeInfinity, float.Epsilon, -float.Epsilon, float.NaN];
        var random = new Random(17);
        for (int trial = 0; trial < 20_000; trial++)
        {
            float[] values = new float[random.Next(41)];
            bool withNaN = random.Next(4) == 0;
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = pool[random.Next(withNaN ? pool.Length : pool.Length - 1)];
            }

            SpanKernels.IndexOfMax(values).Should().Be(TensorPrimitives.IndexOfMax(values), $"[{string.Join(", ", values)}]");
        }
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

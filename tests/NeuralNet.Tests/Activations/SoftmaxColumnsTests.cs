using NeuralNet.Activations;

namespace NeuralNet.Tests.Activations;

public sealed class SoftmaxColumnsTests
{
    [Theory]
    [InlineData(2, 64)]
    [InlineData(3, 5)]
    [InlineData(4, 64)]
    [InlineData(7, 3)]
    [InlineData(8, 64)]
    [InlineData(10, 1)]
    [InlineData(10, 64)]
    [InlineData(10, 257)]
    [InlineData(16, 9)]
    [InlineData(17, 64)]
    [InlineData(33, 2)]
    public void SoftmaxColumns_AnyShape_EqualsTheSoftmaxOfEachColumnBitForBit(int rows, int columns)
    {
        var random = new Random((rows * 1000) + columns);
        float[] z = Enumerable.Range(0, rows * columns).Select(_ => (float)((random.NextDouble() - 0.5) * 40)).ToArray();
        float[] whole = new float[z.Length];
        float[] perColumn = new float[z.Length];

        Softmax.Columns(z, rows, whole);
        for (int offset = 0; offset < z.Length; offset += rows)
        {
            Softmax.Column(z.AsSpan(offset, rows), perColumn.AsSpan(offset, rows));
        }

        whole.Select(BitConverter.SingleToInt32Bits).Should().Equal(perColumn.Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void SoftmaxColumns_InPlace_GivesTheSameAsIntoAnotherBuffer()
    {
        float[] z = Enumerable.Range(0, 640).Select(i => (i % 13) - 6f).ToArray();
        float[] expected = new float[z.Length];
        Softmax.Columns(z, 10, expected);

        Softmax.Columns(z, 10, z);

        z.Should().Equal(expected);
    }
}

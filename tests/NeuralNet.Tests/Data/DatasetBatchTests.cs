using NeuralNet.Compute;
using NeuralNet.Data;

namespace NeuralNet.Tests.Data;

public sealed class DatasetBatchTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(200)] // 200 columns of 784: large enough to be copied in two halves on the products' helper threads
    public void FillBatch_ShuffledIndices_CopiesThoseColumnsLabelsAndOneHotTargets(int batchSize)
    {
        _ = ComputeBackend.Current; // choose a backend, so that its helper threads exist for the large batch
        const int features = 784;
        var data = new Dataset(Matrix<float>.Build.Dense(features, 1000, (i, j) => (j * 1000) + i), Enumerable.Range(0, 1000).Select(j => j % 10).ToArray(), 10);
        int[] indices = Enumerable.Range(0, batchSize).Select(j => ((j * 7919) + 13) % 1000).ToArray();
        Matrix<float> inputs = Matrix<float>.Build.Dense(features, batchSize, float.NaN);
        Matrix<float> targets = Matrix<float>.Build.Dense(10, batchSize, float.NaN);
        int[] labels = new int[batchSize];

        data.FillBatch(indices, inputs, targets, labels);

        for (int j = 0; j < batchSize; j++)
        {
            inputs.Column(j).ToArray().Should().Equal(data.Inputs.Column(indices[j]).ToArray(), $"batch column {j} is sample {indices[j]}");
            labels[j].Should().Be(indices[j] % 10);
            targets.Column(j).ToArray().Should().Equal(Enumerable.Range(0, 10).Select(c => c == indices[j] % 10 ? 1f : 0f));
        }
    }

    [Fact]
    public void FillBatch_IndexOutsideTheSamples_ThrowsWithTheIndex()
    {
        var data = new Dataset(Matrix<float>.Build.Dense(4, 5), [0, 1, 0, 1, 0], 2);

        Action fill = () => data.FillBatch([1, 5], Matrix<float>.Build.Dense(4, 2));

        fill.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*5*batch position 1*5 samples*");
    }
}

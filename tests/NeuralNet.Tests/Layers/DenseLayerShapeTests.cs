using NeuralNet.Activations;
using NeuralNet.Layers;

namespace NeuralNet.Tests.Layers;

public sealed class DenseLayerShapeTests
{
    [Fact]
    public void Forward_Batch_ReturnsUnitsByBatch()
    {
        var layer = new DenseLayer(784, 10, new Relu());
        Matrix<float> output = layer.Forward(Matrix<float>.Build.Dense(784, 5));
        output.RowCount.Should().Be(10);
        output.ColumnCount.Should().Be(5);
    }
}

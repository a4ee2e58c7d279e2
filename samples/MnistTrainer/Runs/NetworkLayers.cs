using MnistTrainer.Options;
using NeuralNet;
using NeuralNet.Activations;
using NeuralNet.Layers;

namespace MnistTrainer.Runs;

/// <summary>Reads back, from a network, what <c>--layers</c> and <c>--activation</c> it was built from: for resumed runs and the summary.</summary>
internal static class NetworkLayers
{
    /// <summary>The hidden layers as <c>--layers</c> items, the output layer and dropout layers left out: <c>conv:32x5,pool:2,128</c> reads back as it was typed.</summary>
    public static LayerSpec[] Hidden(Network network)
    {
        IReadOnlyList<Layer> layers = network.Layers;
        int end = layers[^1] is DenseLayer ? layers.Count - 1 : layers.Count;
        var specs = new List<LayerSpec>(end);
        for (int i = 0; i < end; i++)
        {
            switch (layers[i])
            {
                case DenseLayer dense:
                    specs.Add(new LayerSpec(LayerKind.Dense, dense.OutputSize));
                    break;
                case Conv2D conv:
                    specs.Add(new LayerSpec(LayerKind.Conv, conv.OutputChannels, conv.KernelSize, conv.Stride, conv.Padding));
                    break;
                case MaxPool2D pool:
                    specs.Add(new LayerSpec(LayerKind.MaxPool, pool.Size, 0, pool.Stride));
                    break;
                case AveragePool2D pool:
                    specs.Add(new LayerSpec(LayerKind.AveragePool, pool.Size, 0, pool.Stride));
                    break;
                case BatchNorm:
                    specs.Add(new LayerSpec(LayerKind.BatchNorm, 0));
                    break;
            }
        }

        return [.. specs];
    }

    /// <summary>The activation of the hidden layers (the first convolution or hidden dense layer's), or null when there are none.</summary>
    public static Activation? HiddenActivation(Network network)
    {
        IReadOnlyList<Layer> layers = network.Layers;
        for (int i = 0; i < layers.Count - 1; i++)
        {
            switch (layers[i])
            {
                case Conv2D conv:
                    return conv.Activation;
                case DenseLayer dense:
                    return dense.Activation;
            }
        }

        return null;
    }
}

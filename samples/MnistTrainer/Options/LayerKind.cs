namespace MnistTrainer.Options;

/// <summary>The kinds of layer <c>--layers</c> can ask for.</summary>
internal enum LayerKind
{
    /// <summary>A fully-connected layer: a number, such as <c>128</c>.</summary>
    Dense,

    /// <summary>A convolution: <c>conv:32x5</c>.</summary>
    Conv,

    /// <summary>Max pooling: <c>pool:2</c>.</summary>
    MaxPool,

    /// <summary>Average pooling: <c>avgpool:2</c>.</summary>
    AveragePool,

    /// <summary>Batch normalization: <c>bn</c>.</summary>
    BatchNorm,
}

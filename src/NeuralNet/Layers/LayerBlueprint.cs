namespace NeuralNet.Layers;

/// <summary>A layer as its model-file record describes it, checked but not yet built.</summary>
/// <param name="InputSize">Features per sample in.</param>
/// <param name="OutputSize">Features per sample out.</param>
/// <param name="ParameterCount">The float32 values of its parameters, which the file must hold.</param>
/// <param name="Create">Builds the layer with its parameters uninitialized (the file's values are read into them).</param>
internal sealed record LayerBlueprint(int InputSize, int OutputSize, long ParameterCount, Func<Layer> Create);

namespace NeuralNet.Data;

/// <summary>The paths of MNIST's four IDX files (each raw or gzipped).</summary>
/// <param name="TrainImages">The 60,000 training images.</param>
/// <param name="TrainLabels">The 60,000 training labels.</param>
/// <param name="TestImages">The 10,000 test images.</param>
/// <param name="TestLabels">The 10,000 test labels.</param>
public sealed record MnistFiles(string TrainImages, string TrainLabels, string TestImages, string TestLabels);

using MnistTrainer.Runs;
using NeuralNet.Data;

namespace MnistTrainer.Datasets;

/// <summary>The samples a run trains on, validates on and is tested on, with where each came from.</summary>
/// <param name="Train">The training samples (the validation part taken out).</param>
/// <param name="Validation">The samples evaluated after every epoch, or null.</param>
/// <param name="Test">The samples of the final evaluation.</param>
/// <param name="TrainSource">Where the training samples came from, for the report.</param>
/// <param name="TestSource">Where the test samples came from, for the report.</param>
/// <param name="TargetScaling">A regression's target standardization, which the training and validation targets have and the test targets do not: fold it into the network after training (<see cref="TargetScaling.FoldInto"/>); null for a classification.</param>
internal sealed record TrainingData(Dataset Train, Dataset? Validation, Dataset Test, string TrainSource, string TestSource, TargetScaling? TargetScaling = null);

namespace MnistTrainer.Options;

/// <summary>How to build and train a network, as the command line asked (defaults filled in and checked).</summary>
/// <param name="Layers">The hidden layers, input side first (dense widths, convolutions, poolings, batch norms); the input and output sizes come from the data.</param>
/// <param name="Model">The built-in network <c>--model</c> named (<c>mlp</c> when it was not given); <paramref name="Layers"/> are its own unless <c>--layers</c> was given.</param>
/// <param name="Activation">The hidden layers' activation name.</param>
/// <param name="Initializer">The weight initializer's name.</param>
/// <param name="Epochs">Passes over the training set (ignored when <paramref name="Iterations"/> is set).</param>
/// <param name="Iterations">A fixed number of batches instead of epochs, or null.</param>
/// <param name="BatchSize">Samples per batch; <c>TrainerOptions.FullBatch</c> for all of them.</param>
/// <param name="Optimizer">The optimizer's name.</param>
/// <param name="LearningRate">The base learning rate.</param>
/// <param name="Schedule">The learning-rate schedule as typed, such as <c>cosine</c>.</param>
/// <param name="WeightDecay">The L2 penalty added to the gradients.</param>
/// <param name="Dropout">The dropout rate after every hidden dense layer (0: none).</param>
/// <param name="Validation">Training samples held out for validation (0: none).</param>
/// <param name="EarlyStoppingPatience">Epochs without a better validation loss before stopping, or null.</param>
/// <param name="Seed">The seed of the weights, the shuffles and the validation split.</param>
/// <param name="CheckpointEvery">Write a checkpoint every this many epochs (0: only when stopped by Ctrl+C).</param>
/// <param name="Resume">A checkpoint to continue, or null.</param>
internal sealed record TrainingSettings(
    IReadOnlyList<LayerSpec> Layers,
    string Model,
    string Activation,
    string Initializer,
    int Epochs,
    long? Iterations,
    int BatchSize,
    string Optimizer,
    float LearningRate,
    string Schedule,
    float WeightDecay,
    float Dropout,
    int? Validation,
    int? EarlyStoppingPatience,
    int Seed,
    int CheckpointEvery,
    string? Resume)
{
    /// <summary>The names of the options given on the command line (not defaulted), such as <c>--epochs</c>: what a resumed run must compare with its checkpoint.</summary>
    public IReadOnlySet<string> Given { get; init; } = new HashSet<string>();
}

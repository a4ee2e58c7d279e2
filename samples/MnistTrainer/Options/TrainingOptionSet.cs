using System.CommandLine;
using System.Globalization;

namespace MnistTrainer.Options;

/// <summary>The options that say how to build and train a network, shared by <c>train</c> and <c>tune</c>.</summary>
/// <remarks>
/// The defaults train 784-256-128-10 (ReLU, He initialization) with Adam at 0.001, batches of 64 and a cosine schedule
/// for 10 epochs, holding out 5,000 training images for validation: about 98% on MNIST's test set in well under a minute
/// an epoch on two cores.
/// </remarks>
internal sealed class TrainingOptionSet
{
    /// <summary>The hidden layers of the default network.</summary>
    public static readonly int[] DefaultLayers = [256, 128];

    /// <summary>Training samples held out for validation when <c>--validation</c> is not given (at most a tenth of the set).</summary>
    public const int DefaultValidation = 5000;

    private static readonly string[] Optimizers = ["sgd", "momentum", "nesterov", "rmsprop", "adam", "adamw"];

    private readonly int _defaultEpochs;

    /// <summary>Creates the options; <paramref name="defaultEpochs"/> is what <c>--epochs</c> means when not given.</summary>
    public TrainingOptionSet(int defaultEpochs)
    {
        _defaultEpochs = defaultEpochs;
        Epochs = new("--epochs") { Description = $"Passes over the training set [default: {defaultEpochs}].", HelpName = "N" };
    }

    /// <summary><c>--layers 256,128</c>.</summary>
    public Option<int[]> Layers { get; } = new("--layers")
    {
        Description = "Hidden layer sizes, input side first; the input and output sizes come from the data.",
        HelpName = "SIZES",
        CustomParser = OptionParsers.PositiveIntList,
        DefaultValueFactory = _ => DefaultLayers,
    };

    /// <summary><c>--activation relu</c>.</summary>
    public Option<string> Activation { get; } = new Option<string>("--activation")
    {
        Description = "The hidden layers' activation.",
        DefaultValueFactory = _ => "relu",
    }.OneOf("relu", "tanh", "sigmoid", "leaky-relu");

    /// <summary><c>--init he</c>.</summary>
    public Option<string> Initializer { get; } = new Option<string>("--init")
    {
        Description = "How the starting weights are drawn (uniform: the tutorials' U(0, 0.01)).",
        DefaultValueFactory = _ => "he",
    }.OneOf("he", "xavier", "uniform");

    /// <summary><c>--epochs N</c>.</summary>
    public Option<int?> Epochs { get; }

    /// <summary><c>--iterations N</c>.</summary>
    public Option<long?> Iterations { get; } = new("--iterations")
    {
        Description = "Train for this many batches instead of epochs (with --batch-size full, one iteration is one epoch).",
        HelpName = "N",
    };

    /// <summary><c>--batch-size 64</c> or <c>full</c>.</summary>
    public Option<int> BatchSize { get; } = new("--batch-size")
    {
        Description = "Samples per batch: 1 for per-sample SGD, 'full' for full-batch gradient descent.",
        HelpName = "N|full",
        CustomParser = OptionParsers.BatchSize,
        DefaultValueFactory = _ => 64,
    };

    /// <summary><c>--optimizer adam</c>.</summary>
    public Option<string> Optimizer { get; } = new Option<string>("--optimizer")
    {
        Description = "The update rule.",
        DefaultValueFactory = _ => "adam",
    }.OneOf(Optimizers);

    /// <summary><c>--lr 0.001</c>.</summary>
    public Option<float?> LearningRate { get; } = new("--lr", "--learning-rate")
    {
        Description = "The base learning rate [default: 0.1 for sgd, 0.01 for momentum and nesterov, 0.001 for the others].",
        HelpName = "RATE",
    };

    /// <summary><c>--schedule cosine</c>.</summary>
    public Option<string> Schedule { get; } = new("--schedule")
    {
        Description = "The learning rate per epoch: constant, step:10:0.5, exp:0.95, cosine, cosine:warmup=2, plateau:factor=0.5,patience=3.",
        HelpName = "SCHEDULE",
        DefaultValueFactory = _ => "cosine",
    };

    /// <summary><c>--weight-decay 0</c>.</summary>
    public Option<float> WeightDecay { get; } = new("--weight-decay")
    {
        Description = "The L2 penalty λ added to every gradient (g + λθ).",
        HelpName = "LAMBDA",
    };

    /// <summary><c>--dropout 0</c>.</summary>
    public Option<float> Dropout { get; } = new("--dropout")
    {
        Description = "The dropout rate after every hidden layer, in [0, 1).",
        HelpName = "RATE",
    };

    /// <summary><c>--validation 5000</c>.</summary>
    public Option<int?> Validation { get; } = new("--validation")
    {
        Description = $"Training samples held out to validate after every epoch; 0 for none [default: {DefaultValidation}, at most a tenth of the set].",
        HelpName = "N",
    };

    /// <summary><c>--early-stopping 3</c>.</summary>
    public Option<int?> EarlyStopping { get; } = new("--early-stopping")
    {
        Description = "Stop when the validation loss has not improved for this many epochs, and keep the best weights.",
        HelpName = "PATIENCE",
    };

    /// <summary><c>--seed 0</c>.</summary>
    public Option<int> Seed { get; } = new("--seed")
    {
        Description = "The seed of the weights, the shuffles and the validation split: equal seeds train identically.",
        HelpName = "N",
    };

    /// <summary><c>--checkpoint-every N</c>.</summary>
    public Option<int> CheckpointEvery { get; } = new("--checkpoint-every")
    {
        Description = "Write checkpoint-epoch-<N>.nnc to the output folder every N epochs (Ctrl+C always writes one).",
        HelpName = "N",
    };

    /// <summary><c>--resume FILE</c>.</summary>
    public Option<string?> Resume { get; } = new("--resume")
    {
        Description = "Continue the run saved in this checkpoint (give the same data options as the run that wrote it).",
        HelpName = "FILE",
    };

    /// <summary>The default learning rate of an optimizer: what its usual references use on MNIST-sized problems.</summary>
    public static float DefaultLearningRate(string optimizer) => optimizer switch
    {
        "sgd" => 0.1f,
        "momentum" or "nesterov" => 0.01f,
        _ => 0.001f,
    };

    /// <summary>Adds every option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Add(Layers);
        command.Add(Activation);
        command.Add(Initializer);
        command.Add(Epochs);
        command.Add(Iterations);
        command.Add(BatchSize);
        command.Add(Optimizer);
        command.Add(LearningRate);
        command.Add(Schedule);
        command.Add(WeightDecay);
        command.Add(Dropout);
        command.Add(Validation);
        command.Add(EarlyStopping);
        command.Add(Seed);
        command.Add(CheckpointEvery);
        command.Add(Resume);
    }

    /// <summary>Reads the options, fills in the defaults and checks the ranges.</summary>
    /// <exception cref="UsageException">A value is out of range or two options contradict each other.</exception>
    public TrainingSettings Read(ParseResult result)
    {
        int? epochs = result.GetValue(Epochs);
        long? iterations = result.GetValue(Iterations);
        if (epochs is not null && iterations is not null)
        {
            throw new UsageException($"--epochs {epochs} and --iterations {iterations} both say how long to train; give one of them.");
        }

        Require(epochs is null or >= 1, "--epochs", "at least 1", epochs);
        Require(iterations is null or >= 1, "--iterations", "at least 1", iterations);

        string optimizer = result.GetValue(Optimizer)!.ToLowerInvariant();
        float rate = result.GetValue(LearningRate) ?? DefaultLearningRate(optimizer);
        Require(rate > 0f && float.IsFinite(rate), "--lr", "a positive number", rate);

        float weightDecay = result.GetValue(WeightDecay);
        Require(weightDecay >= 0f && float.IsFinite(weightDecay), "--weight-decay", "0 or more", weightDecay);

        float dropout = result.GetValue(Dropout);
        Require(dropout is >= 0f and < 1f, "--dropout", "a rate in [0, 1)", dropout);

        int? validation = result.GetValue(Validation);
        Require(validation is null or >= 0, "--validation", "0 or more samples", validation);

        int? patience = result.GetValue(EarlyStopping);
        Require(patience is null or >= 1, "--early-stopping", "a patience of at least 1 epoch", patience);
        if (patience is not null && validation == 0)
        {
            throw new UsageException("--early-stopping watches the validation loss, but --validation 0 leaves no validation set.");
        }

        int checkpointEvery = result.GetValue(CheckpointEvery);
        Require(checkpointEvery >= 0, "--checkpoint-every", "0 or a positive number of epochs", checkpointEvery);

        return new TrainingSettings(
            result.GetValue(Layers)!,
            result.GetValue(Activation)!.ToLowerInvariant(),
            result.GetValue(Initializer)!.ToLowerInvariant(),
            epochs ?? _defaultEpochs,
            iterations,
            result.GetValue(BatchSize),
            optimizer,
            rate,
            result.GetValue(Schedule)!,
            weightDecay,
            dropout,
            validation,
            patience,
            result.GetValue(Seed),
            checkpointEvery,
            result.GetValue(Resume));
    }

    private static void Require(bool condition, string option, string expected, object? value)
    {
        if (!condition)
        {
            string shown = value is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : value?.ToString() ?? "";
            throw new UsageException($"{option} must be {expected}; got {shown}.");
        }
    }
}

using System.CommandLine;
using System.CommandLine.Parsing;
using NeuralNet.Training;

namespace MnistTrainer.Options;

/// <summary>The options that say how to build and train a network, shared by <c>train</c> and <c>tune</c>.</summary>
/// <remarks>
/// The defaults train 784-256-128-10 (ReLU, He initialization) with Adam at 0.001, batches of 64 and a cosine schedule
/// for 10 epochs, holding out 5,000 training images for validation: about 98% on MNIST's test set in well under a minute
/// an epoch on two cores. <c>--model cnn</c> trains the built-in CNN instead (<see cref="ModelPreset.Cnn"/>).
/// </remarks>
internal sealed class TrainingOptionSet
{
    /// <summary>Training samples held out for validation when <c>--validation</c> is not given (at most a tenth of the set).</summary>
    public const int DefaultValidation = 5000;

    private static readonly string[] Optimizers = ["sgd", "momentum", "nesterov", "rmsprop", "adam", "adamw"];

    private readonly int _defaultEpochs;
    private readonly bool _presetEpochs;

    /// <summary>Creates the options; <paramref name="defaultEpochs"/> is what <c>--epochs</c> means when not given.</summary>
    /// <param name="defaultEpochs">The epochs when <c>--epochs</c> is not given.</param>
    /// <param name="presetEpochs">Whether a <c>--model</c> that names its own epochs (the CNN's 5) overrides <paramref name="defaultEpochs"/>: for <c>train</c>, not for <c>tune</c>'s short runs.</param>
    public TrainingOptionSet(int defaultEpochs, bool presetEpochs = false)
    {
        _defaultEpochs = defaultEpochs;
        _presetEpochs = presetEpochs;
        Epochs = new("--epochs", NumberRange.Integer(1)) { Description = $"Passes over the training set [default: {defaultEpochs}{(presetEpochs ? $", {ModelPreset.Cnn.Epochs} for --model cnn" : "")}]." };
    }

    /// <summary><c>--layers 256,128</c> or <c>--layers conv:32x5,pool:2,conv:64x5,pool:2,128</c>.</summary>
    public LayerListOption Layers { get; } = new()
    {
        Description = "The hidden layers, input side first, separated by commas: N (dense), conv:CHANNELSxKERNEL[/sSTRIDE][/pPAD] (padding (K-1)/2 for odd K by default), pool:SIZE[/sSTRIDE] (max), avgpool:SIZE[/sSTRIDE], bn (batch norm); the input and output sizes come from the data (784 features are read as 28x28 images) [default: 256,128, or --model's].",
    };

    /// <summary><c>--model cnn</c>.</summary>
    public Option<string> Model { get; } = new Option<string>("--model")
    {
        Description = $"A built-in network instead of --layers: mlp ({LayerSpec.Describe(ModelPreset.Mlp.Layers)}) or cnn ({LayerSpec.Describe(ModelPreset.Cnn.Layers)}, dropout {ModelPreset.Cnn.Dropout.ToString(System.Globalization.CultureInfo.InvariantCulture)}, {ModelPreset.Cnn.Epochs} epochs unless --epochs or --dropout say otherwise) [default: mlp].",
        HelpName = "NAME",
    }.OneOf([.. ModelPreset.All.Select(p => p.Name)]);

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
    public NumberOption<int?> Epochs { get; }

    /// <summary><c>--iterations N</c>.</summary>
    public NumberOption<long?> Iterations { get; } = new("--iterations", NumberRange.Integer(1, long.MaxValue, "500"))
    {
        Description = "Train for this many batches instead of epochs (with --batch-size full, one iteration is one epoch).",
    };

    /// <summary><c>--batch-size 64</c> or <c>full</c>.</summary>
    public NumberOption<int> BatchSize { get; } = new("--batch-size", NumberRange.Integer(1, example: "64"))
    {
        Description = "Samples per batch: 1 for per-sample SGD, 'full' for full-batch gradient descent.",
        HelpName = "N|full",
        Keywords = new Dictionary<string, int> { ["full"] = TrainerOptions.FullBatch },
        DefaultValueFactory = _ => 64,
    };

    /// <summary><c>--optimizer adam</c>.</summary>
    public Option<string> Optimizer { get; } = new Option<string>("--optimizer")
    {
        Description = "The update rule.",
        DefaultValueFactory = _ => "adam",
    }.OneOf(Optimizers);

    /// <summary><c>--lr 0.001</c>.</summary>
    public NumberOption<float?> LearningRate { get; } = new("--lr", NumberRange.Positive("0.001"), "--learning-rate")
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
    public NumberOption<float> WeightDecay { get; } = new("--weight-decay", NumberRange.Real(0, float.MaxValue, maximumExclusive: false, "0.0005"))
    {
        Description = "The L2 penalty λ added to every gradient (g + λθ).",
        HelpName = "LAMBDA",
    };

    /// <summary><c>--dropout 0</c>.</summary>
    public NumberOption<float> Dropout { get; } = new("--dropout", NumberRange.Real(0, 1, maximumExclusive: true, "0.3"))
    {
        Description = "The dropout rate after every hidden dense layer, in [0, 1).",
        HelpName = "RATE",
    };

    /// <summary><c>--validation 5000</c>.</summary>
    public NumberOption<int?> Validation { get; } = new("--validation", NumberRange.Integer(0, example: "5000"))
    {
        Description = $"Training samples held out to validate after every epoch; 0 for none [default: {DefaultValidation}, at most a tenth of the set].",
    };

    /// <summary><c>--early-stopping 3</c>.</summary>
    public NumberOption<int?> EarlyStopping { get; } = new("--early-stopping", NumberRange.Integer(1, example: "3"))
    {
        Description = "Stop when the validation loss has not improved for this many epochs, and keep the best weights.",
        HelpName = "PATIENCE",
    };

    /// <summary><c>--seed 0</c>.</summary>
    public NumberOption<int> Seed { get; } = new("--seed", NumberRange.Integer(int.MinValue, int.MaxValue, "42"))
    {
        Description = "The seed of the weights, the shuffles and the validation split: equal seeds train identically.",
    };

    /// <summary><c>--checkpoint-every N</c>.</summary>
    public NumberOption<int> CheckpointEvery { get; } = new("--checkpoint-every", NumberRange.Integer(0, example: "1"))
    {
        Description = "Write checkpoint-epoch-<N>.nnc to the output folder every N epochs (Ctrl+C always writes one).",
    };

    /// <summary><c>--resume FILE</c>.</summary>
    public Option<string?> Resume { get; } = new("--resume")
    {
        Description = "Continue the run saved in this checkpoint, into its own --output (give the same data options as the run that wrote it; --epochs, --iterations, --early-stopping and --checkpoint-every may change, other options must agree with it).",
        HelpName = "FILE",
    };

    /// <summary>The default learning rate of an optimizer: what its usual references use on MNIST-sized problems.</summary>
    public static float DefaultLearningRate(string optimizer) => optimizer switch
    {
        "sgd" => 0.1f,
        "momentum" or "nesterov" => 0.01f,
        _ => 0.001f,
    };

    /// <summary>Every option of the set, in the order <c>--help</c> lists them.</summary>
    public IEnumerable<Option> All =>
    [
        Layers, Model, Activation, Initializer, Epochs, Iterations, BatchSize, Optimizer, LearningRate, Schedule, WeightDecay,
        Dropout, Validation, EarlyStopping, Seed, CheckpointEvery, Resume,
    ];

    /// <summary>Adds every option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (Option option in All)
        {
            command.Add(option);
        }
    }

    /// <summary>Reads the options and fills in the defaults; each value was checked against its range when it was parsed.</summary>
    /// <exception cref="UsageException">Two options contradict each other.</exception>
    public TrainingSettings Read(ParseResult result)
    {
        int? epochs = result.GetValue(Epochs);
        long? iterations = result.GetValue(Iterations);
        if (epochs is not null && iterations is not null)
        {
            throw new UsageException($"--epochs {epochs} and --iterations {iterations} both say how long to train; give one of them.");
        }

        string optimizer = result.GetValue(Optimizer)!.ToLowerInvariant();
        int? validation = result.GetValue(Validation);
        int? patience = result.GetValue(EarlyStopping);
        if (patience is not null && validation == 0)
        {
            throw new UsageException("--early-stopping watches the validation loss, but --validation 0 leaves no validation set.");
        }

        LayerSpec[]? layers = result.GetResult(Layers) is OptionResult { Implicit: false } ? result.GetValue(Layers) : null;
        string? model = result.GetValue(Model);
        if (layers is not null && model is not null)
        {
            throw new UsageException($"--model {model} and --layers {LayerSpec.Describe(layers)} both say which network to build; give one of them.");
        }

        ModelPreset preset = ModelPreset.Named(model ?? ModelPreset.Mlp.Name);
        float? dropout = result.GetResult(Dropout) is OptionResult { Implicit: false } ? result.GetValue(Dropout) : null;
        return new TrainingSettings(
            layers ?? preset.Layers,
            preset.Name,
            result.GetValue(Activation)!.ToLowerInvariant(),
            result.GetValue(Initializer)!.ToLowerInvariant(),
            epochs ?? (_presetEpochs ? preset.Epochs : null) ?? _defaultEpochs,
            iterations,
            result.GetValue(BatchSize),
            optimizer,
            result.GetValue(LearningRate) ?? DefaultLearningRate(optimizer),
            result.GetValue(Schedule)!,
            result.GetValue(WeightDecay),
            dropout ?? preset.Dropout,
            validation,
            patience,
            result.GetValue(Seed),
            result.GetValue(CheckpointEvery),
            result.GetValue(Resume))
        {
            Given = All.Where(o => result.GetResult(o) is OptionResult { Implicit: false }).Select(o => o.Name).ToHashSet(StringComparer.Ordinal),
        };
    }
}

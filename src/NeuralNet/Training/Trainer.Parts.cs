using NeuralNet.Losses;
using NeuralNet.Optimizers;

namespace NeuralNet.Training;

// The trainer's parts: what it trains with, its options and callbacks, and where the run is.
public sealed partial class Trainer
{
    /// <summary>How many batches apart the trainer saves the weights it can fall back to when training diverges.</summary>
    public const int DivergenceSnapshotInterval = DivergenceMonitor.SnapshotInterval;

    private readonly TrainingPosition _position;
    private BuiltInCallbacks _builtIn;

    /// <summary>Creates a trainer; nothing is trained until <see cref="Fit"/>.</summary>
    /// <param name="network">The network to train, in place.</param>
    /// <param name="loss">The loss to minimize, such as <see cref="CrossEntropyLoss"/>.</param>
    /// <param name="optimizer">The update rule; its learning rate is the schedule's base.</param>
    /// <param name="options">How to train; default <see cref="TrainerOptions"/>' defaults.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message names it and its value.</exception>
    /// <exception cref="ArgumentException">An option combination is invalid.</exception>
    /// <remarks>A schedule that learns (<see cref="Schedules.ReduceOnPlateau"/>) is reset: it belongs to this run from now on.</remarks>
    public Trainer(Network network, Loss loss, Optimizer optimizer, TrainerOptions? options = null)
        : this(network, loss, optimizer, options ?? new TrainerOptions(), position: null)
    {
        Options.Schedule.Reset();
    }

    private Trainer(Network network, Loss loss, Optimizer optimizer, TrainerOptions options, TrainingPosition? position)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(optimizer);
        options.Validate();
        Network = network;
        Loss = loss;
        Optimizer = optimizer;
        Options = options;
        _position = position ?? new TrainingPosition(options.Seed);
        _builtIn = new BuiltInCallbacks(options, optimizer.LearningRate);
    }

    /// <summary>The network being trained.</summary>
    public Network Network { get; }

    /// <summary>The loss being minimized.</summary>
    public Loss Loss { get; }

    /// <summary>The update rule, with its per-parameter state.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>The options; <see cref="ContinueWith"/> changes those a run can change.</summary>
    public TrainerOptions Options { get; private set; }

    /// <summary>Your callbacks, run after the built-in ones in the order added; not saved in checkpoints.</summary>
    public IList<TrainingCallback> Callbacks { get; } = new List<TrainingCallback>();

    /// <summary>Every epoch so far, across <see cref="Fit"/> calls and resumes.</summary>
    public TrainingHistory History { get; } = new();

    /// <summary>Epochs completed.</summary>
    public int CompletedEpochs => _position.Epoch;

    /// <summary>Batches (optimizer steps) completed.</summary>
    public long CompletedIterations => _position.Iterations;

    /// <summary>Whether training has ended: every epoch or iteration ran, or a callback ended it. <see cref="Fit"/> then returns at once.</summary>
    public bool IsFinished => _position.IsFinished;
}

namespace NeuralNet.Optimizers;

/// <summary>How checkpoints save one kind of optimizer and rebuild it, and how the command line names it.</summary>
/// <remarks>
/// Settings are named float32 values in the order of the constructor (PyTorch's names: <c>lr</c>, <c>betas</c> as
/// <c>beta1</c> and <c>beta2</c>, <c>eps</c>, ...), so a reader can name a value that is missing or out of range; the
/// per-parameter state buffers are the optimizer's <see cref="Optimizer.StateNames"/> and need no description. Adding an
/// optimizer means its class and one line in <see cref="OptimizerKinds"/>.
/// </remarks>
internal sealed class OptimizerDescriptor
{
    private readonly Func<Optimizer, (string Name, float Value)[]> _settings;
    private readonly Func<Func<string, float>, Optimizer> _create;
    private readonly Func<float, Optimizer> _withDefaults;

    private OptimizerDescriptor(string name, Type type, Func<Optimizer, (string, float)[]> settings, Func<Func<string, float>, Optimizer> create, Func<float, Optimizer> withDefaults)
    {
        Name = name;
        OptimizerType = type;
        _settings = settings;
        _create = create;
        _withDefaults = withDefaults;
    }

    /// <summary>The name in checkpoints and messages, such as <c>Adam</c>; the command line takes it in any case.</summary>
    public string Name { get; }

    /// <summary>The exact type described.</summary>
    public Type OptimizerType { get; }

    /// <summary>Describes optimizers of type <typeparamref name="T"/>.</summary>
    /// <param name="name">The name in checkpoints, messages and on the command line.</param>
    /// <param name="settings">The settings that rebuild an optimizer, by name.</param>
    /// <param name="create">Builds one from its settings (the function returns a setting's value by name).</param>
    /// <param name="withDefaults">Builds one with a learning rate and the defaults for everything else.</param>
    public static OptimizerDescriptor Of<T>(string name, Func<T, (string, float)[]> settings, Func<Func<string, float>, T> create, Func<float, T> withDefaults)
        where T : Optimizer =>
        new(name, typeof(T), o => settings((T)o), create, lr => withDefaults(lr));

    /// <summary>The settings of <paramref name="optimizer"/>, by name.</summary>
    public (string Name, float Value)[] SettingsOf(Optimizer optimizer) => _settings(optimizer);

    /// <summary>Builds an optimizer from its settings.</summary>
    /// <exception cref="ArgumentException">A setting is out of range (the constructor's exception).</exception>
    public Optimizer Create(Func<string, float> setting) => _create(setting);

    /// <summary>Builds an optimizer with <paramref name="learningRate"/> and its defaults.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is not a positive finite number.</exception>
    public Optimizer WithDefaults(float learningRate) => _withDefaults(learningRate);
}

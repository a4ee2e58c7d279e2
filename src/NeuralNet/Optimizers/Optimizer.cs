using System.Globalization;
using System.Runtime.CompilerServices;
using NeuralNet.Compute;
using NeuralNet.Layers;

namespace NeuralNet.Optimizers;

/// <summary>Updates parameters in place from their gradients, keeping its own state for each parameter.</summary>
/// <remarks>
/// <para>As in PyTorch's <c>torch.optim</c>: the optimizer is separate from the network, and its per-parameter state
/// (momentum buffers, moment estimates) is created on the first <see cref="Step"/> that sees a parameter, filled with
/// zeros, and kept until <see cref="Reset"/>. <see cref="Step"/> allocates nothing after that first step.</para>
/// <para>Subclasses implement one parameter's update in <see cref="Update"/> and write the rule out in their XML docs (the
/// built-in ones also write it once as code: a per-element rule beside the class, which the library's elementwise driver runs).
/// Weight decay as an L2 penalty (<c>g ← g + λ·θ</c>) is the trainer's option, applied to the gradient before the
/// optimizer sees it, as PyTorch's <c>weight_decay</c> does; <see cref="AdamW"/> decays the weights itself, decoupled.</para>
/// <para>Not thread-safe: one optimizer steps one network from one thread.</para>
/// </remarks>
public abstract class Optimizer
{
    private readonly Dictionary<Parameter, ParameterState> _state = new(ReferenceEqualityComparer.Instance);
    private float[] _scratch = [];
    private float _learningRate;

    /// <summary>Checks and stores the learning rate.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is not a positive finite number.</exception>
    protected Optimizer(float learningRate)
    {
        if (!(learningRate > 0f) || !float.IsFinite(learningRate))
        {
            throw new ArgumentOutOfRangeException(
                nameof(learningRate),
                learningRate,
                string.Create(CultureInfo.InvariantCulture, $"The learning rate of {GetType().Name} is {learningRate}; it must be a positive finite number, such as 0.01."));
        }

        _learningRate = learningRate;
    }

    /// <summary>A short name such as <c>Adam</c>, used in messages and on the command line.</summary>
    public abstract string Name { get; }

    /// <summary>The step size of the next <see cref="Step"/>; a learning-rate schedule sets it at the start of every epoch.</summary>
    /// <remarks>0 is allowed here (a cosine schedule ends there; the parameters then stay put), though not in the constructor.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, NaN or infinite.</exception>
    public float LearningRate
    {
        get => _learningRate;
        set
        {
            if (!(value >= 0f) || !float.IsFinite(value))
            {
                throw new ArgumentOutOfRangeException(
                    nameof(value), value, string.Create(CultureInfo.InvariantCulture, $"The learning rate of {Name} is {value}; it must be a finite number of at least 0."));
            }

            _learningRate = value;
        }
    }

    /// <summary>How many times <see cref="Step"/> has run.</summary>
    /// <remarks>Each parameter also counts its own steps, as PyTorch's <c>state[p]["step"]</c>: that count is the t handed to <see cref="Update"/>.</remarks>
    public long Steps { get; private set; }

    /// <summary>The names of the per-parameter state buffers, each as long as its parameter, such as <c>exp_avg</c> and <c>exp_avg_sq</c>.</summary>
    /// <remarks>Checkpoints save and restore exactly these buffers (PyTorch's names where it has them).</remarks>
    public abstract IReadOnlyList<string> StateNames { get; }

    /// <summary>Updates every parameter in place from its gradient, then counts the step.</summary>
    /// <param name="parameters">The parameters to update, such as <see cref="Network.Parameters"/>.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Step(IReadOnlyList<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Steps++;

        // An indexed loop: foreach over an IReadOnlyList boxes its enumerator on every step.
        for (int i = 0; i < parameters.Count; i++)
        {
            Parameter parameter = parameters[i];
            ParameterState state = StateOf(parameter);
            state.Steps++;
            Update(parameter.ValueSpan, parameter.GradientSpan, state.Buffers, state.Steps);
        }
    }

    /// <summary>Runs <see cref="Step"/> and returns the index of the first parameter that holds a NaN or an infinity afterwards, or −1.</summary>
    /// <remarks>The trainer's divergence check. The built-in optimizers check the values as they write them
    /// (<see cref="Elementwise.Update{TRule}"/>), instead of reading every parameter again after the step.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal int StepAndFindNonFinite(IReadOnlyList<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Steps++;
        int firstNonFinite = -1;
        for (int i = 0; i < parameters.Count; i++)
        {
            Parameter parameter = parameters[i];
            ParameterState state = StateOf(parameter);
            state.Steps++;
            if (!UpdateAndCheck(parameter.ValueSpan, parameter.GradientSpan, state.Buffers, state.Steps) && firstNonFinite < 0)
            {
                firstNonFinite = i;
            }
        }

        return firstNonFinite;
    }

    /// <summary>Creates an optimizer with its default settings from a name as typed on the command line, such as <c>adam</c>.</summary>
    /// <param name="name">One of <c>sgd</c>, <c>momentum</c>, <c>nesterov</c>, <c>rmsprop</c>, <c>adam</c> or <c>adamw</c>, in any case.</param>
    /// <param name="learningRate">The learning rate; every other hyperparameter takes its default.</param>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not one of the names above.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is not a positive finite number.</exception>
    public static Optimizer FromName(string name, float learningRate)
    {
        ArgumentNullException.ThrowIfNull(name);
        return (OptimizerKinds.Named(name) ?? throw new ArgumentException(
            $"Unknown optimizer '{name}'; expected one of {OptimizerKinds.Names(lowerCase: true)} (in any case).", nameof(name)))
            .WithDefaults(learningRate);
    }

    /// <summary>Forgets every parameter's state and the step count, as a freshly created optimizer.</summary>
    public void Reset()
    {
        _state.Clear();
        Steps = 0;
    }

    /// <summary>Describes the optimizer and its settings, such as <c>Adam(lr=0.001, betas=(0.9, 0.999), eps=1E-08)</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Name}(lr={LearningRate})");

    /// <summary>Updates one parameter.</summary>
    /// <param name="value">The parameter's values, updated in place.</param>
    /// <param name="gradient">dLoss/dValue from the last backward pass (weight decay already added by the trainer).</param>
    /// <param name="state">One buffer per name in <see cref="StateNames"/>, each as long as <paramref name="value"/>, zeros at the first step.</param>
    /// <param name="step">This parameter's step, counted from 1 (the t of Adam's bias correction).</param>
    protected abstract void Update(Span<float> value, ReadOnlySpan<float> gradient, float[][] state, long step);

    /// <summary><see cref="Update"/>, then whether every value of the parameter is finite.</summary>
    private protected virtual bool UpdateAndCheck(Span<float> value, ReadOnlySpan<float> gradient, float[][] state, long step)
    {
        Update(value, gradient, state, step);
        return Elementwise.AllFinite(value);
    }

    /// <summary>A scratch buffer of at least <paramref name="length"/> floats, shared by all parameters and reused across steps.</summary>
    protected Span<float> Scratch(int length)
    {
        if (_scratch.Length < length)
        {
            _scratch = new float[length];
        }

        return _scratch.AsSpan(0, length);
    }

    /// <summary>The state of <paramref name="parameter"/>: its step count and buffers, created (zeros) on first use.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal ParameterState StateOf(Parameter parameter)
    {
        if (!_state.TryGetValue(parameter, out ParameterState? state))
        {
            var buffers = new float[StateNames.Count][];
            for (int i = 0; i < buffers.Length; i++)
            {
                buffers[i] = new float[parameter.Length];
            }

            state = new ParameterState(buffers);
            _state[parameter] = state;
        }

        return state;
    }

    /// <summary>Whether <paramref name="parameter"/> has state yet (it has been stepped since the last <see cref="Reset"/>).</summary>
    internal bool HasState(Parameter parameter) => _state.ContainsKey(parameter);

    /// <summary>Sets the step count, when a checkpoint restores the optimizer.</summary>
    internal void RestoreSteps(long steps)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        Steps = steps;
    }

    /// <summary>One parameter's state: how many steps it has had, and its buffers.</summary>
    internal sealed class ParameterState(float[][] buffers)
    {
        public long Steps { get; set; }

        public float[][] Buffers { get; } = buffers;
    }
}

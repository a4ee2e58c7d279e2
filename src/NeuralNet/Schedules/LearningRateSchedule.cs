namespace NeuralNet.Schedules;

/// <summary>Chooses the learning rate of each epoch from the optimizer's base rate.</summary>
/// <remarks>
/// <para>The trainer asks <see cref="RateAt"/> at the start of every epoch (0-based) with the rate the optimizer was
/// created with, and sets <see cref="Optimizers.Optimizer.LearningRate"/> to the answer; after the epoch it reports the
/// monitored loss through <see cref="Observe"/> (the validation loss, or the training loss without a validation set),
/// which only adaptive schedules such as <see cref="ReduceOnPlateau"/> use. With a fixed number of iterations and
/// full-batch training, every iteration is an epoch.</para>
/// <para>Schedules other than <see cref="ReduceOnPlateau"/> are pure functions of the epoch, so resuming from a
/// checkpoint needs only the epoch; adaptive ones save their state in the checkpoint too.</para>
/// </remarks>
public abstract class LearningRateSchedule
{
    /// <summary>The schedule the trainer uses when none is given: the base rate in every epoch.</summary>
    public static LearningRateSchedule Constant { get; } = new ConstantSchedule();

    /// <summary>Reads a schedule from its command-line form, such as <c>step:10:0.5</c> or <c>cosine:warmup=2</c>.</summary>
    /// <remarks>
    /// <para>Names and keys are case-insensitive and numbers use the invariant culture (<c>1e-5</c>, <c>0.5</c>).
    /// Settings left out take the constructors' defaults.</para>
    /// <list type="bullet">
    /// <item><description><c>constant</c>: <see cref="Constant"/>.</description></item>
    /// <item><description><c>step:&lt;epochs&gt;</c> or <c>step:&lt;epochs&gt;:&lt;gamma&gt;</c>: <see cref="StepDecay"/>.</description></item>
    /// <item><description><c>exp:&lt;gamma&gt;</c>: <see cref="ExponentialDecay"/>.</description></item>
    /// <item><description><c>cosine</c>, or with any of <c>period=</c>, <c>min=</c>, <c>warmup=</c> after a colon and
    /// separated by commas: <see cref="CosineAnnealing"/>. Without <c>period=</c> the descent takes the epochs the
    /// warm-up leaves, <c>epochs − warmup</c>, so it ends with training just above the minimum.</description></item>
    /// <item><description><c>plateau</c>, or with any of <c>factor=</c>, <c>patience=</c>, <c>threshold=</c> (the
    /// relative minimum delta), <c>min=</c>: <see cref="ReduceOnPlateau"/>.</description></item>
    /// </list>
    /// </remarks>
    /// <param name="text">The schedule, such as <c>plateau:factor=0.5,patience=3</c>.</param>
    /// <param name="epochs">How many epochs training will run; the cosine's period when none is given.</param>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epochs"/> is not positive.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="text"/> is none of the accepted forms or a setting is out of range; the message quotes the text and lists the forms.
    /// </exception>
    public static LearningRateSchedule Parse(string text, int epochs) => ScheduleParser.Parse(text, epochs);

    /// <summary>A short name such as <c>cosine</c>, used on the command line and in messages.</summary>
    public abstract string Name { get; }

    /// <summary>Returns the learning rate for <paramref name="epoch"/> (0-based).</summary>
    /// <param name="epoch">The epoch about to start, counted from 0.</param>
    /// <param name="baseRate">The optimizer's rate when training started.</param>
    public abstract float RateAt(int epoch, float baseRate);

    /// <summary>Takes the monitored loss of a finished epoch; adaptive schedules change their later rates from it.</summary>
    /// <param name="epoch">The epoch that ended, counted from 0.</param>
    /// <param name="loss">The validation loss of that epoch, or its training loss without a validation set.</param>
    public virtual void Observe(int epoch, double loss)
    {
    }

    /// <summary>Forgets what <see cref="Observe"/> learned, for a new training run.</summary>
    public virtual void Reset()
    {
    }

    /// <summary>Describes the schedule and its settings.</summary>
    public override string ToString() => Name;
}

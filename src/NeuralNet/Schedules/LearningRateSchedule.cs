namespace NeuralNet.Schedules;

/// <summary>Chooses the learning rate of each epoch from the optimizer's base rate.</summary>
/// <remarks>
/// <para>The trainer asks <see cref="RateAt"/> at the start of every epoch (0-based) with the rate the optimizer was
/// created with, and sets <see cref="Optimizers.Optimizer.LearningRate"/> to the answer; after the epoch it reports the
/// monitored loss through <see cref="Observe"/> (the validation loss, or the training loss without a validation set),
/// which only adaptive schedules such as <c>ReduceOnPlateau</c> use. With a fixed number of iterations and
/// full-batch training, every iteration is an epoch.</para>
/// <para>Schedules other than <c>ReduceOnPlateau</c> are pure functions of the epoch, so resuming from a
/// checkpoint needs only the epoch; adaptive ones save their state in the checkpoint too.</para>
/// </remarks>
public abstract class LearningRateSchedule
{
    /// <summary>The schedule the trainer uses when none is given: the base rate in every epoch.</summary>
    public static LearningRateSchedule Constant { get; } = new ConstantSchedule();

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

using System.Globalization;
using NeuralNet.IO;
using NeuralNet.Schedules;

namespace NeuralNet.Training;

/// <summary>The built-in callback that sets each epoch's learning rate from the schedule and reports each epoch's loss to it.</summary>
/// <remarks>
/// At an epoch's start, <c>lr = schedule.RateAt(epoch, lr₀)</c> with lr₀ the optimizer's rate when the run began; at its
/// end the schedule observes the validation loss (the training loss without a validation set), which only adaptive
/// schedules such as <see cref="ReduceOnPlateau"/> use. Its memory is lr₀ (the schedule's own state is saved with it).
/// </remarks>
internal sealed class LearningRateScheduling(LearningRateSchedule schedule, float baseLearningRate) : TrainingCallback, ICheckpointedState
{
    /// <summary>The schedule.</summary>
    public LearningRateSchedule Schedule { get; set; } = schedule;

    /// <summary>The optimizer's rate when training began, the schedule's base.</summary>
    public float BaseLearningRate { get; private set; } = baseLearningRate;

    /// <inheritdoc />
    public string StateName => "schedule";

    /// <inheritdoc />
    public override void OnEpochStart(TrainingContext context) =>
        context.Optimizer.LearningRate = Schedule.RateAt(context.CompletedEpochs, BaseLearningRate);

    /// <inheritdoc />
    public override void OnEpochEnd(TrainingContext context, EpochRecord record) =>
        Schedule.Observe(record.Epoch - 1, record.ValidationLoss ?? record.TrainLoss);

    /// <inheritdoc />
    public void WriteState(BinaryFileWriter writer) => writer.WriteSingle(BaseLearningRate);

    /// <inheritdoc />
    public void ReadState(BinaryFileReader reader, Trainer trainer)
    {
        int offset = reader.Offset;
        float rate = reader.ReadSingle("the base learning rate");
        if (!(rate >= 0f) || !float.IsFinite(rate))
        {
            throw reader.Error(offset, $"the base learning rate is {rate.ToString(CultureInfo.InvariantCulture)}; it must be a finite number of at least 0.");
        }

        BaseLearningRate = rate;
    }
}

namespace NeuralNet.Schedules;

/// <summary>The base learning rate in every epoch.</summary>
public sealed class ConstantSchedule : LearningRateSchedule
{
    /// <inheritdoc />
    public override string Name => "constant";

    /// <inheritdoc />
    public override float RateAt(int epoch, float baseRate) => baseRate;
}

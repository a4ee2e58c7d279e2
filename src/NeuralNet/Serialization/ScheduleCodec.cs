using NeuralNet.IO;
using NeuralNet.Schedules;

namespace NeuralNet.Serialization;

/// <summary>Encodes a learning-rate schedule in a checkpoint: its kind, settings, and what an adaptive one has learned.</summary>
internal static class ScheduleCodec
{
    /// <summary>Writes <paramref name="schedule"/>.</summary>
    /// <exception cref="NotSupportedException">The schedule is not one of the library's.</exception>
    public static void Write(BinaryFileWriter writer, LearningRateSchedule schedule)
    {
        (string kind, double[] settings) = schedule switch
        {
            ConstantSchedule => ("constant", (double[])[]),
            StepDecay s => ("step", [s.StepEpochs, s.Gamma]),
            ExponentialDecay e => ("exp", [e.Gamma]),
            CosineAnnealing c => ("cosine", [c.PeriodEpochs, c.MinimumRate, c.WarmupEpochs]),
            ReduceOnPlateau p => ("plateau", [p.Factor, p.Patience, p.MinimumDelta, p.MinimumRate, p.State.Best, p.State.BadEpochs, p.State.Reductions]),
            _ => throw new NotSupportedException(
                $"Cannot checkpoint a run with the schedule {schedule.GetType().Name}: checkpoints hold the constant, step, exponential, cosine and reduce-on-plateau schedules."),
        };
        writer.WriteString(kind);
        writer.WriteCount(settings.Length);
        foreach (double value in settings)
        {
            writer.WriteDouble(value);
        }
    }

    /// <summary>Reads a schedule written by <see cref="Write"/>.</summary>
    public static LearningRateSchedule Read(BinaryFileReader reader)
    {
        int offset = reader.Offset;
        string kind = reader.ReadString("the schedule's kind");
        int count = reader.ReadCount("the schedule's setting count", 0, 16);
        double[] v = new double[count];
        for (int i = 0; i < count; i++)
        {
            v[i] = reader.ReadDouble("a schedule setting");
        }

        int expected = kind switch
        {
            "constant" => 0,
            "step" => 2,
            "exp" => 1,
            "cosine" => 3,
            "plateau" => 7,
            _ => throw reader.Error(offset, $"it names the schedule '{kind}', which this version does not know (it knows constant, step, exp, cosine and plateau)."),
        };
        if (count != expected)
        {
            throw reader.Error(offset, $"the {kind} schedule has {count} settings in the file but takes {expected}.");
        }

        return TrainingCodec.Construct<LearningRateSchedule>(reader, offset, () => kind switch
        {
            "constant" => LearningRateSchedule.Constant,
            "step" => new StepDecay(Whole(v[0]), (float)v[1]),
            "exp" => new ExponentialDecay((float)v[0]),
            "cosine" => new CosineAnnealing(Whole(v[0]), (float)v[1], Whole(v[2])),
            _ => new ReduceOnPlateau((float)v[0], Whole(v[1]), v[2], (float)v[3]) { State = (v[4], Whole(v[5]), Whole(v[6])) },
        });
    }

    private static int Whole(double value) =>
        value == Math.Floor(value) && value is >= int.MinValue and <= int.MaxValue
            ? (int)value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "A schedule's count must be a whole number.");
}

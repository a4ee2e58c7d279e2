using NeuralNet.IO;
using NeuralNet.Schedules;

namespace NeuralNet.Training;

/// <summary>Encodes a learning-rate schedule in a checkpoint: its kind, settings, and what an adaptive one has learned (<see cref="ScheduleKinds"/>).</summary>
internal static class ScheduleCodec
{
    /// <summary>Writes <paramref name="schedule"/>.</summary>
    /// <exception cref="NotSupportedException">The schedule is not one of the library's.</exception>
    public static void Write(BinaryFileWriter writer, LearningRateSchedule schedule)
    {
        ScheduleDescriptor descriptor = ScheduleKinds.For(schedule) ?? throw new NotSupportedException(
            $"Cannot checkpoint a run with the schedule {schedule.GetType().Name}: checkpoints hold the constant, step, exponential, cosine and reduce-on-plateau schedules.");
        double[] settings = descriptor.SettingsOf(schedule);
        writer.WriteString(descriptor.Name);
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
        double[] settings = new double[count];
        for (int i = 0; i < count; i++)
        {
            settings[i] = reader.ReadDouble("a schedule setting");
        }

        ScheduleDescriptor descriptor = ScheduleKinds.Named(kind) ?? throw reader.Error(
            offset, $"it names the schedule '{kind}', which this version does not know (it knows {ScheduleKinds.Names()}).");
        if (count != descriptor.SettingCount)
        {
            throw reader.Error(offset, $"the {kind} schedule has {count} settings in the file but takes {descriptor.SettingCount}.");
        }

        return TrainingCodec.Construct(reader, offset, () => descriptor.Create(settings));
    }
}

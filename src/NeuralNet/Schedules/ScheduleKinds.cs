namespace NeuralNet.Schedules;

/// <summary>The learning-rate schedules checkpoints know, one descriptor each: the one place a new schedule is registered.</summary>
internal static class ScheduleKinds
{
    /// <summary>Every descriptor, in the order messages list them.</summary>
    public static IReadOnlyList<ScheduleDescriptor> All { get; } =
    [
        ScheduleDescriptor.Of<ConstantSchedule>("constant", 0, _ => [], _ => (ConstantSchedule)LearningRateSchedule.Constant),
        ScheduleDescriptor.Of<StepDecay>("step", 2, s => [s.StepEpochs, s.Gamma], v => new StepDecay(ScheduleDescriptor.Whole(v[0]), (float)v[1])),
        ScheduleDescriptor.Of<ExponentialDecay>("exp", 1, s => [s.Gamma], v => new ExponentialDecay((float)v[0])),
        ScheduleDescriptor.Of<CosineAnnealing>(
            "cosine",
            3,
            s => [s.PeriodEpochs, s.MinimumRate, s.WarmupEpochs],
            v => new CosineAnnealing(ScheduleDescriptor.Whole(v[0]), (float)v[1], ScheduleDescriptor.Whole(v[2]))),
        ScheduleDescriptor.Of<ReduceOnPlateau>(
            "plateau",
            7,
            s => [s.Factor, s.Patience, s.MinimumDelta, s.MinimumRate, s.State.Best, s.State.BadEpochs, s.State.Reductions],
            v => new ReduceOnPlateau((float)v[0], ScheduleDescriptor.Whole(v[1]), v[2], (float)v[3])
            {
                State = (v[4], ScheduleDescriptor.Whole(v[5]), ScheduleDescriptor.Whole(v[6])),
            }),
    ];

    /// <summary>The descriptor of <paramref name="schedule"/>'s exact type, or <see langword="null"/> for a type checkpoints cannot hold.</summary>
    public static ScheduleDescriptor? For(LearningRateSchedule schedule) => All.FirstOrDefault(d => d.ScheduleType == schedule.GetType());

    /// <summary>The descriptor named <paramref name="name"/>, or <see langword="null"/>.</summary>
    public static ScheduleDescriptor? Named(string name) => All.FirstOrDefault(d => d.Name == name);

    /// <summary>Lists the names for messages: "constant, step, exp, cosine and plateau".</summary>
    public static string Names() => $"{string.Join(", ", All.SkipLast(1).Select(d => d.Name))} and {All[^1].Name}";
}

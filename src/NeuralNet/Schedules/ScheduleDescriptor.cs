namespace NeuralNet.Schedules;

/// <summary>How checkpoints save one kind of learning-rate schedule and rebuild it: its name and its settings (with what an adaptive one has learned).</summary>
/// <remarks>Settings are doubles in a fixed order, as many as <see cref="SettingCount"/>. Adding a schedule means its class and one line in <see cref="ScheduleKinds"/>.</remarks>
internal sealed class ScheduleDescriptor
{
    private readonly Func<LearningRateSchedule, double[]> _settings;
    private readonly Func<double[], LearningRateSchedule> _create;

    private ScheduleDescriptor(string name, Type type, int settingCount, Func<LearningRateSchedule, double[]> settings, Func<double[], LearningRateSchedule> create)
    {
        Name = name;
        ScheduleType = type;
        SettingCount = settingCount;
        _settings = settings;
        _create = create;
    }

    /// <summary>The name in checkpoints, such as <c>cosine</c>.</summary>
    public string Name { get; }

    /// <summary>The exact type described.</summary>
    public Type ScheduleType { get; }

    /// <summary>How many settings the schedule takes.</summary>
    public int SettingCount { get; }

    /// <summary>Describes schedules of type <typeparamref name="T"/>.</summary>
    public static ScheduleDescriptor Of<T>(string name, int settingCount, Func<T, double[]> settings, Func<double[], T> create)
        where T : LearningRateSchedule =>
        new(name, typeof(T), settingCount, s => settings((T)s), v => create(v));

    /// <summary>The settings of <paramref name="schedule"/>, in order.</summary>
    public double[] SettingsOf(LearningRateSchedule schedule) => _settings(schedule);

    /// <summary>Builds a schedule from <see cref="SettingCount"/> settings.</summary>
    /// <exception cref="ArgumentException">A setting is out of range or not a whole number where one is needed.</exception>
    public LearningRateSchedule Create(double[] settings) => _create(settings);

    /// <summary>A setting that is a count (epochs, patience), as an <see cref="int"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a whole number in the range of <see cref="int"/>.</exception>
    public static int Whole(double value) =>
        value == Math.Floor(value) && value is >= int.MinValue and <= int.MaxValue
            ? (int)value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "A schedule's count must be a whole number.");
}

using NeuralNet.Schedules;

namespace NeuralNet.Tests.Schedules;

/// <summary>Runs a schedule over its first epochs and compares the rates with expected ones.</summary>
internal static class ScheduleRates
{
    /// <summary>The rates of epochs 0 to count − 1.</summary>
    public static float[] First(LearningRateSchedule schedule, float baseRate, int count) =>
        Enumerable.Range(0, count).Select(epoch => schedule.RateAt(epoch, baseRate)).ToArray();

    /// <summary>Asserts each rate within a relative 1e-6: the schedules compute in double, the expectations are decimals.</summary>
    public static void ShouldMatch(this float[] rates, params double[] expected)
    {
        rates.Should().HaveSameCount(expected);
        for (int epoch = 0; epoch < expected.Length; epoch++)
        {
            rates[epoch].Should().BeApproximately((float)expected[epoch], (float)(1e-6 * expected[epoch]) + 1e-12f, "that is the rate of epoch {0}", epoch);
        }
    }
}

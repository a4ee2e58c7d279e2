using System.Diagnostics;
using System.Text.RegularExpressions;
using MnistTrainer.Display;
using NeuralNet.Training;
using Spectre.Console;

namespace MnistTrainer.Tests.Display;

/// <summary>Progress shows where the epoch is (batch n/N) and when the run ends (ETA), and fits an 80-column terminal.</summary>
public sealed partial class ProgressTests
{
    [Fact]
    public void Describe_EpochInProgress_ShowsTheBatchAndTheEta()
    {
        var progress = new TrainingProgress(3, 120, 938, 2 * 938 + 120, 0.0712, 0.9784, 41230, null);

        string line = EpochLine.Describe(progress, 10, TimeSpan.FromSeconds(102));

        line.Should().Be("epoch  3/10  batch 120/938  loss 0.0712  acc 97.84%  41,230 samples/s  ETA 1:42");
    }

    [Fact]
    public void Describe_CompactForm_FitsBesideAPercentageIn80ColumnsForExtremeRuns()
    {
        var progress = new TrainingProgress(99_999, 999_999, 999_999, long.MaxValue / 2, 123.4567, 1, 9_999_999, null);
        var end = new TrainingProgress(99_999, 999_999, 999_999, long.MaxValue / 2, 123.4567, 1, 9_999_999,
            new EpochRecord(99_999, 1, 1, 123.4567, 1, 123.4567, 1, 0.001f, 1, 1));

        string running = EpochLine.Describe(progress, 99_999, TimeSpan.FromHours(99_999), compact: true);
        string ended = EpochLine.Describe(end, 99_999, TimeSpan.FromHours(99_999), compact: true);

        running.Length.Should().BeLessThanOrEqualTo(EpochLine.CompactWidth, running);
        ended.Length.Should().BeLessThanOrEqualTo(EpochLine.CompactWidth, ended);
        (EpochLine.CompactWidth + " 100%".Length).Should().BeLessThanOrEqualTo(80);
        running.Should().Contain("999999/999999").And.Contain("ETA 99999:00:00");
    }

    [Fact]
    public void RunClock_SteadyPace_EstimatesTheBatchesLeft()
    {
        var clock = new RunClock(plannedEpochs: 2);
        long second = Stopwatch.Frequency;

        clock.Remaining(new TrainingProgress(1, 1, 100, 1, 1, 0, 0, null), 0).Should().BeNull("one report gives no pace yet");
        TimeSpan? left = clock.Remaining(new TrainingProgress(1, 51, 100, 51, 1, 0, 0, null), 10 * second);

        left.Should().Be(TimeSpan.FromSeconds(149 * 10.0 / 50), "50 batches took 10 s and 149 of 200 are left");
        RunClock.Format(left).Should().Be("0:30");
        RunClock.Format(TimeSpan.FromSeconds(3725)).Should().Be("1:02:05");
        RunClock.Format(null).Should().Be("-");
    }

    [Fact]
    public void LiveProgress_On80Columns_NoLineIsWiderThanTheTerminal()
    {
        using var output = new StringWriter();
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.Yes,
        });
        console.Profile.Width = 80;

        LiveProgress.Show(console, 3, progress =>
        {
            for (int epoch = 1; epoch <= 3; epoch++)
            {
                for (int batch = 1; batch <= 938; batch += 37)
                {
                    progress.Report(new TrainingProgress(epoch, batch, 938, ((epoch - 1) * 938) + batch, 0.5, 0.9, 40000, null));
                }

                progress.Report(new TrainingProgress(epoch, 938, 938, epoch * 938, 0.5, 0.9, 40000, new EpochRecord(epoch, epoch * 938, 60000, 0.5, 0.9, 0.4, 0.95, 0.001f, 1.5, 40000)));
            }

            return new TrainingHistory();
        });

        string[] lines = [.. AnsiSequence().Replace(output.ToString(), "\n").Split('\n').Where(l => l.Trim().Length > 0)];
        lines.Should().NotBeEmpty();
        lines.Should().AllSatisfy(l => l.Length.Should().BeLessThanOrEqualTo(80, l));
        lines.Should().Contain(l => l.Contains("3/3", StringComparison.Ordinal) && l.Contains("val 95.00%", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"\u001b\[[0-9;?]*[A-Za-z]|\r")]
    private static partial Regex AnsiSequence();
}

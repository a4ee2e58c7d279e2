using System.CommandLine;
using System.Globalization;
using System.Text;
using MnistTrainer.Datasets;
using MnistTrainer.Display;
using MnistTrainer.Options;
using MnistTrainer.Report;
using MnistTrainer.Runs;
using NeuralNet.Compute;
using NeuralNet.Serialization;
using NeuralNet.Training;
using Spectre.Console;

namespace MnistTrainer.Commands;

/// <summary><c>tune</c>: a learning-rate sweep. Trains the same network from the same start at every candidate rate and compares their validation accuracy (a regression's validation loss).</summary>
/// <remarks>
/// Every candidate and epoch gives one JSON line (<c>learning_rate</c>, <c>epoch</c>, <c>accuracy</c>, <c>loss</c>,
/// on the validation set, and the training figures) in <c>lr-sweep.jsonl</c>, and on standard output with
/// <c>--json</c>. A candidate that diverges gets a line with <c>"diverged": true</c> and is marked on the plot
/// <c>lr-sweep.svg</c> (final validation accuracy against the rate, log scale; a regression's validation loss). The best
/// is the one with the highest final validation accuracy; for a regression, which has no accuracy, the lowest final
/// validation loss.
/// </remarks>
internal sealed class TuneCommand
{
    private const int DefaultEpochs = 2;

    private readonly CommandContext _context;
    private readonly DataOptionSet _data = new(withTrainingFile: true);
    private readonly TrainingOptionSet _training = new(DefaultEpochs);
    private readonly Option<string?> _output = CommonOptions.Output();
    private readonly Option<bool> _json = CommonOptions.Json("one line per candidate and epoch");
    private readonly NumberListOption<float> _rates = new("--rates", NumberRange.Positive("0.001"), "learning rates")
    {
        Description = "The candidate learning rates, such as 0.0003,0.001,0.003.",
    };

    private readonly Option<float[]?> _range = new("--log-range")
    {
        Description = "Candidates spaced evenly in log scale, FROM:TO:COUNT [default: 1e-4:1e-1:7].",
        HelpName = "FROM:TO:COUNT",
        CustomParser = OptionParsers.LogRange,
    };

    /// <summary>Creates the command over <paramref name="context"/>.</summary>
    public TuneCommand(CommandContext context)
    {
        _context = context;
    }

    /// <summary>The command with its options and action.</summary>
    public Command Build()
    {
        var command = new Command("tune", $"Sweep the learning rate: train at each candidate ({DefaultEpochs} epochs unless --epochs says otherwise), write their validation figures as JSON lines and a plot, and name the best.");
        command.Add(_rates);
        command.Add(_range);
        _data.AddTo(command);
        _training.AddTo(command);
        command.Add(_output);
        command.Add(_json);
        command.SetAction((result, _) => RunAsync(result));
        return command;
    }

    private async Task<int> RunAsync(ParseResult result)
    {
        float[] rates = Candidates(result);
        TrainingSettings settings = _training.Read(result);
        if (settings.Resume is not null)
        {
            throw new UsageException("--resume continues one run; 'tune' starts a fresh run per candidate. Resume with 'train --resume'.");
        }

        if (settings.Validation == 0)
        {
            throw new UsageException("'tune' compares the candidates on a validation set; --validation 0 leaves none.");
        }

        bool json = result.GetValue(_json);
        TextWriter notes = json ? _context.Error : _context.Output;
        DataSettings dataSettings = _data.Read(result);
        using RunFolder folder = OutputFolder.Claim(result.GetValue(_output), [("--data", dataSettings.Directory), ("--train", dataSettings.TrainFile), ("--test", dataSettings.TestFile)]);
        string output = folder.Path;
        await notes.WriteLineAsync($"Compute backend: {ComputeBackend.Current}").ConfigureAwait(false);
        TrainingData data = await DataSources.LoadForTrainingAsync(dataSettings, settings.Validation, settings.Seed, _context, notes).ConfigureAwait(false);
        if (data.Validation is null)
        {
            throw new UsageException($"'tune' compares the candidates on a validation set, but the {data.Train.Count} training samples leave none; give --validation N.");
        }

        bool regression = data.Train.Task == NeuralNet.Data.DatasetTask.Regression;
        if (TaskLine.For(data.Train, dataSettings) is { } task)
        {
            await notes.WriteLineAsync(task).ConfigureAwait(false);
        }

        await notes.WriteLineAsync(
            $"Sweeping {rates.Length} learning rates ({string.Join(", ", rates.Select(r => Figures.Rate(r)))}) over {settings.Epochs} epochs each, "
            + $"validating on {Figures.Count(data.Validation.Count)} of the training samples").ConfigureAwait(false);

        string linesPath = Path.Combine(output, "lr-sweep.jsonl");
        var outcomes = new List<SweepOutcome>();

        // The file is rewritten whole (atomically) after every line, so that at any moment it holds every line so far, each complete.
        var lines = new StringBuilder();
        foreach (float rate in rates)
        {
            if (_context.CancellationToken.IsCancellationRequested)
            {
                break;
            }

            SweepOutcome outcome = RunCandidate(settings, data, output, rate, line =>
            {
                lines.Append(line).Append('\n');
                OutputFolder.WriteText(linesPath, lines.ToString());
                if (json)
                {
                    _context.Output.WriteLine(line);
                }
            });
            outcomes.Add(outcome);
            await notes.WriteLineAsync(outcome.Describe()).ConfigureAwait(false);
        }

        if (lines.Length == 0)
        {
            OutputFolder.WriteText(linesPath, "");
        }

        string chartPath = Path.Combine(output, "lr-sweep.svg");
        RunReport.Guard(output, () => SweepChart.Save(outcomes, chartPath, regression));
        SweepOutcome? best = SweepOutcome.Best(outcomes, regression);
        await notes.WriteLineAsync(best is null
            ? "No candidate trained without diverging; try smaller rates."
            : regression
                ? $"Best learning rate: {Figures.Rate(best.LearningRate)} (the lowest validation loss, {Figures.Value(best.Loss)})."
                : $"Best learning rate: {Figures.Rate(best.LearningRate)} (validation accuracy {Figures.Percent(best.Accuracy)}, loss {Figures.Loss(best.Loss)}).").ConfigureAwait(false);
        if (!json)
        {
            _context.Console.Write(SweepTable.For(outcomes, best, regression));
            _context.Console.MarkupLineInterpolated($"Sweep in [bold]{output}[/]: {linesPath}, {chartPath}");
        }

        if (_context.CancellationToken.IsCancellationRequested)
        {
            await _context.Error.WriteLineAsync($"Stopped after {outcomes.Count} of {rates.Length} candidates.").ConfigureAwait(false);
            return ExitCodes.Cancelled;
        }

        return ExitCodes.Success;
    }

    private float[] Candidates(ParseResult result)
    {
        // An option left out reads as an empty list.
        float[]? list = result.GetValue(_rates) is { Length: > 0 } rates ? rates : null;
        float[]? range = result.GetValue(_range) is { Length: > 0 } spaced ? spaced : null;
        if (list is not null && range is not null)
        {
            throw new UsageException("--rates and --log-range both list the candidates; give one of them.");
        }

        return list ?? range ?? OptionParsers.LogSpace(1e-4f, 1e-1f, 7);
    }

    private SweepOutcome RunCandidate(TrainingSettings settings, TrainingData data, string output, float rate, Action<string> writeLine)
    {
        Trainer trainer = TrainerFactory.Create(settings, data.Train, hasValidation: true, output, rate);
        var epochs = new SweepJsonLines(rate, writeLine);
        try
        {
            TrainingHistory history = trainer.Fit(data.Train, data.Validation, epochs, _context.CancellationToken);
            EpochRecord? last = history.Last;
            return new SweepOutcome(rate, Finite(last?.ValidationAccuracy), last?.ValidationLoss, Finite(last?.TrainAccuracy), Diverged: false, history.StopReason == StopReason.Cancelled, last?.TrainLoss);
        }
        catch (TrainingDivergedException e)
        {
            writeLine(SweepJsonLines.Diverged(rate, e));
            return new SweepOutcome(rate, null, null, null, Diverged: true, Stopped: false);
        }
    }

    /// <summary>The value, or null when it is not a number (a regression's accuracy).</summary>
    private static double? Finite(double? value) => value is double v && double.IsFinite(v) ? v : null;
}

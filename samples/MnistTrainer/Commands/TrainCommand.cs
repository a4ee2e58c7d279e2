using System.CommandLine;
using System.Diagnostics;
using MnistTrainer.Datasets;
using MnistTrainer.Display;
using MnistTrainer.Options;
using MnistTrainer.Report;
using MnistTrainer.Runs;
using NeuralNet.Compute;
using NeuralNet.Training;
using Spectre.Console;

namespace MnistTrainer.Commands;

/// <summary><c>train</c>, the default command: fetch the data if needed, train, evaluate on the test set, and write the report.</summary>
internal sealed class TrainCommand
{
    private readonly CommandContext _context;
    private readonly DataOptionSet _data = new(withTrainingFile: true);
    private readonly TrainingOptionSet _training = new(defaultEpochs: 10, presetEpochs: true);
    private readonly Option<string?> _output = CommonOptions.Output();
    private readonly Option<bool> _json = CommonOptions.Json("the summary");

    /// <summary>Creates the command over <paramref name="context"/>.</summary>
    public TrainCommand(CommandContext context)
    {
        _context = context;
    }

    /// <summary>The command with its options and action.</summary>
    public Command Build()
    {
        var command = new Command("train", "Train a network (the default command): fetch MNIST if missing, train, evaluate on the test set, save the model and a report.");
        _data.AddTo(command);
        _training.AddTo(command);
        command.Add(_output);
        command.Add(_json);
        command.SetAction((result, _) => RunAsync(result));
        return command;
    }

    private async Task<int> RunAsync(ParseResult result)
    {
        TrainingSettings settings = _training.Read(result);
        DataSettings dataSettings = _data.Read(result);
        bool json = result.GetValue(_json);
        TextWriter notes = json ? _context.Error : _context.Output;
        string? requested = result.GetValue(_output);
        if (settings.Resume is { } resumed)
        {
            RefuseOriginalReport(resumed, requested);
        }

        using RunFolder folder = OutputFolder.Claim(requested, Inputs(dataSettings));
        string output = folder.Path;
        string backend = ComputeBackend.Current.ToString();
        await notes.WriteLineAsync($"Compute backend: {backend}").ConfigureAwait(false);

        TrainingData data = await DataSources.LoadForTrainingAsync(dataSettings, settings.Validation, settings.Seed, _context, notes).ConfigureAwait(false);
        if (settings.EarlyStoppingPatience is not null && data.Validation is null)
        {
            throw new UsageException($"--early-stopping watches the validation loss, but the {data.Train.Count} training samples leave no validation set; give --validation N.");
        }

        await notes.WriteLineAsync(
            $"Data: {Figures.Count(data.Train.Count)} training, {Figures.Count(data.Validation?.Count ?? 0)} validation and {Figures.Count(data.Test.Count)} test samples "
            + $"({TaskLine.Shape(data.Train)}) from {data.TrainSource}").ConfigureAwait(false);
        if (TaskLine.For(data.Train, dataSettings) is { } task)
        {
            await notes.WriteLineAsync(task).ConfigureAwait(false);
        }

        Trainer trainer = settings.Resume is { } checkpoint
            ? TrainerFactory.Resume(checkpoint, settings, data.Train, data.Validation is not null, output, notes)
            : TrainerFactory.Create(settings, data.Train, data.Validation is not null, output);
        Fit.Check(trainer.Network, data.Test, "the network", "the test set");
        await notes.WriteLineAsync(Describe(trainer)).ConfigureAwait(false);
        if (settings.Resume is not null)
        {
            await notes.WriteLineAsync($"Resuming {settings.Resume} after {trainer.CompletedEpochs} epochs ({Figures.Count(trainer.CompletedIterations)} batches); the run continues in {output}.").ConfigureAwait(false);
        }

        long started = Stopwatch.GetTimestamp();
        TrainingHistory history = Train(trainer, data, json, settings.Resume);
        double wallSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        if (history.StopReason == StopReason.Cancelled)
        {
            return await ReportStopAsync(trainer, output).ConfigureAwait(false);
        }

        data.TargetScaling?.FoldInto(trainer.Network);
        Evaluation test = trainer.Network.Evaluate(data.Test, trainer.Loss);
        var facts = new RunFacts(trainer, data, test, settings.Resume is null ? settings : null, settings.Resume is null ? null : Path.GetFullPath(settings.Resume), wallSeconds, backend, output);
        IReadOnlyDictionary<string, string> files = RunReport.Write(facts);
        if (json)
        {
            await _context.Output.WriteLineAsync(await File.ReadAllTextAsync(files["summary"]).ConfigureAwait(false)).ConfigureAwait(false);
        }
        else
        {
            PrintResults(facts, files);
        }

        return ExitCodes.Success;
    }

    /// <summary>The inputs the output folder must not be, or hold under a name the run writes (the checkpoint resumed from may lie in it: a stopped run continues in place).</summary>
    private static IEnumerable<(string Option, string? Path)> Inputs(DataSettings data) =>
    [
        ("--data", data.Directory),
        ("--train", data.TrainFile),
        ("--test", data.TestFile),
    ];

    /// <summary>Refuses to resume into the folder of the finished run that wrote the checkpoint: its report would be replaced.</summary>
    /// <remarks>A stopped run's folder (a checkpoint and its history, no report yet) may be named: that finishes the run in place, as the command printed on Ctrl+C does.</remarks>
    private static void RefuseOriginalReport(string checkpoint, string? requested)
    {
        string? original = Path.GetDirectoryName(Path.GetFullPath(checkpoint));
        if (requested is null || original is null || FileStatus.KindOf(requested) != PathKind.Directory || !FileStatus.AreSame(requested, original))
        {
            return;
        }

        string[] report = [RunReport.ModelFileName, RunReport.SummaryFileName];
        if (report.Any(name => File.Exists(Path.Combine(original, name))))
        {
            throw new UsageException(
                $"--output {requested} is the folder of the finished run that wrote --resume {checkpoint}; the resumed run would replace its report. Give a new --output folder, or leave it out for a new run folder.");
        }
    }

    private TrainingHistory Train(Trainer trainer, TrainingData data, bool json, string? resumedFrom)
    {
        int planned = TrainerFactory.EpochsOf(trainer.Options, data.Train.Count);
        try
        {
            if (!json && _context.IsInteractive)
            {
                return LiveProgress.Show(_context.Console, planned, progress => trainer.Fit(data.Train, data.Validation, progress, _context.CancellationToken));
            }

            var lines = new EpochLines(json ? _context.Error : _context.Output, planned);
            return trainer.Fit(data.Train, data.Validation, lines, _context.CancellationToken);
        }
        catch (ArgumentException e) when (resumedFrom is not null)
        {
            // The trainer refuses to continue on other data than the run began on (it keeps a fingerprint).
            throw new UsageException($"--resume {resumedFrom}: {Messages.WithoutParameter(e)} Give the data options (--data or --train, --validation, --seed) of the run that wrote it.", e);
        }
    }

    private async Task<int> ReportStopAsync(Trainer trainer, string output)
    {
        TrainingHistory history = trainer.History;
        RunReport.Guard(output, () => RunReport.WriteHistory(history, Path.Combine(output, "history.json"), Path.Combine(output, "history.csv")));
        string checkpoint = history.LastCheckpoint!;
        await _context.Error.WriteLineAsync(
            $"Stopped after {Figures.Count(trainer.CompletedIterations)} batches ({trainer.CompletedEpochs} complete epochs); the run is saved in {checkpoint}.").ConfigureAwait(false);
        await _context.Error.WriteLineAsync("To continue it, run:").ConfigureAwait(false);
        await _context.Error.WriteLineAsync("  " + ResumeCommandLine.For(_context.Arguments, output, checkpoint)).ConfigureAwait(false);
        return ExitCodes.Cancelled;
    }

    private void PrintResults(RunFacts facts, IReadOnlyDictionary<string, string> files)
    {
        IAnsiConsole console = _context.Console;
        console.Write(HistoryTable.For(facts.Trainer.History));
        string after = $"on {Figures.Count(facts.Test.Count)} test samples after {facts.Trainer.History.Epochs.Count} epochs, {Figures.Seconds(facts.TrainSeconds)}, median {Figures.Count(facts.MedianSamplesPerSecond)} samples/s.";
        if (facts.Test.Regression is { } regression)
        {
            console.MarkupLineInterpolated(
                $"[bold]Test R² {Figures.RSquared(regression.RSquared)}[/], RMSE {Figures.Value(regression.RootMeanSquaredError)}, MAE {Figures.Value(regression.MeanAbsoluteError)} (mean squared error {Figures.Value(facts.Test.Loss)}) {after}");
        }
        else
        {
            console.MarkupLineInterpolated($"[bold]Test accuracy {Figures.Percent(facts.Test.Accuracy)}[/] (loss {Figures.Loss(facts.Test.Loss)}) {after}");
        }

        if (facts.Trainer.History.StopReason == StopReason.EarlyStopped)
        {
            console.MarkupLineInterpolated($"Early stopping ended the run; the weights are those of epoch {facts.Trainer.History.BestEpoch}.");
        }

        console.MarkupLineInterpolated($"Report in [bold]{facts.OutputFolder}[/]:");
        foreach ((string role, string path) in files)
        {
            console.MarkupLineInterpolated($"  {role,-16} {path}");
        }
    }

    private static string Describe(Trainer trainer)
    {
        TrainerOptions options = trainer.Options;
        string batch = options.BatchSize == TrainerOptions.FullBatch ? "full batch" : $"batches of {options.BatchSize}";
        string length = options.Iterations is long iterations ? $"{Figures.Count(iterations)} iterations" : $"{options.Epochs} epochs";
        return $"Network: {trainer.Network}, {Figures.Count(trainer.Network.ParameterCount)} parameters; {trainer.Loss}, {trainer.Optimizer}, {options.Schedule}, {batch}, {length}";
    }
}

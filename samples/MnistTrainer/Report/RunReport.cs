using MnistTrainer.Display;
using MnistTrainer.Runs;
using NeuralNet.Training;

namespace MnistTrainer.Report;

/// <summary>Writes the report of a finished run into its output folder: the model, the history, the summary and the pictures.</summary>
internal static class RunReport
{
    /// <summary>The model's file name in the report.</summary>
    public const string ModelFileName = "model.nnet";

    /// <summary>The summary's file name in the report.</summary>
    public const string SummaryFileName = "summary.json";

    /// <summary>Writes every file and returns what was written, by role, as full paths.</summary>
    /// <exception cref="UsageException">A file cannot be written.</exception>
    public static IReadOnlyDictionary<string, string> Write(RunFacts facts)
    {
        string folder = facts.OutputFolder;
        TrainingHistory history = facts.Trainer.History;
        var files = new Dictionary<string, string>
        {
            ["model"] = Path.Combine(folder, ModelFileName),
            ["history_json"] = Path.Combine(folder, "history.json"),
            ["history_csv"] = Path.Combine(folder, "history.csv"),
            ["summary"] = Path.Combine(folder, SummaryFileName),
            ["loss_chart"] = Path.Combine(folder, "loss.svg"),
            ["accuracy_chart"] = Path.Combine(folder, "accuracy.svg"),
            ["confusion_chart"] = Path.Combine(folder, "confusion.svg"),
        };

        Guard(folder, () =>
        {
            facts.Trainer.Network.Save(files["model"]);
            WriteHistory(history, files["history_json"], files["history_csv"]);
            TrainingCharts.Loss(history).Save(files["loss_chart"]);
            TrainingCharts.Accuracy(history).Save(files["accuracy_chart"]);
            Heatmap.Render(facts.Test.Confusion, $"Confusion matrix on {Figures.Count(facts.Test.Count)} test samples").Save(files["confusion_chart"]);
            if (DigitArt.Side(facts.Data.Test.FeatureCount) is int side)
            {
                files["samples_chart"] = Path.Combine(folder, "samples.svg");
                int[] predicted = Predictions.Classes(facts.Trainer.Network, facts.Data.Test);
                DigitGrid.Render(SampleChoice.Pick(facts.Data.Test, predicted, first: 40, mistakes: 20), side, "Test images: the first 40, then mistakes").Save(files["samples_chart"]);
            }

            if (history.LastCheckpoint is string checkpoint)
            {
                files["last_checkpoint"] = checkpoint;
            }

            OutputFolder.WriteFile(files["summary"], summary => SummaryWriter.Write(summary, facts, files));
        });
        return files;
    }

    /// <summary>Writes the history files (also for a stopped run, whose report is otherwise not written).</summary>
    public static void WriteHistory(TrainingHistory history, string jsonPath, string csvPath)
    {
        history.SaveJson(jsonPath);
        history.SaveCsv(csvPath);
    }

    /// <summary>Runs <paramref name="write"/>, turning a failure to write into a usage error naming the folder.</summary>
    public static void Guard(string folder, Action write)
    {
        try
        {
            write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot write the report into {folder}: {e.Message}", e);
        }
    }
}

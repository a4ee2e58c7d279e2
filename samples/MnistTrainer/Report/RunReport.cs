using MnistTrainer.Display;
using MnistTrainer.Runs;
using NeuralNet.Serialization;
using NeuralNet.Training;

namespace MnistTrainer.Report;

/// <summary>Writes the report of a finished run into its output folder: the model, the history, the summary and the pictures.</summary>
/// <remarks>
/// Every picture is written twice: as SVG by the report's own <see cref="SvgWriter"/> (small, scalable, text searchable)
/// and as PNG drawn by ScottPlot (what image viewers, chat tools and slides take). Every file is replaced atomically.
/// </remarks>
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
            ["loss_chart_png"] = Path.Combine(folder, "loss.png"),
            ["accuracy_chart_png"] = Path.Combine(folder, "accuracy.png"),
            ["confusion_chart_png"] = Path.Combine(folder, "confusion.png"),
        };

        Guard(folder, () =>
        {
            facts.Trainer.Network.Save(files["model"]);
            WriteHistory(history, files["history_json"], files["history_csv"]);
            LineChart loss = TrainingCharts.LossChart(history);
            LineChart accuracy = TrainingCharts.AccuracyChart(history);
            loss.Render().Save(files["loss_chart"]);
            accuracy.Render().Save(files["accuracy_chart"]);
            PngWriter.Save(LineChartPlot.Draw(loss), LineChartPlot.Width, LineChartPlot.Height, files["loss_chart_png"]);
            PngWriter.Save(LineChartPlot.Draw(accuracy), LineChartPlot.Width, LineChartPlot.Height, files["accuracy_chart_png"]);

            string confusionTitle = $"Confusion matrix on {Figures.Count(facts.Test.Count)} test samples";
            Heatmap.Render(facts.Test.Confusion!, confusionTitle).Save(files["confusion_chart"]);
            (int heatmapWidth, int heatmapHeight) = HeatmapPlot.Size(facts.Test.Confusion!.ClassCount);
            PngWriter.Save(HeatmapPlot.Draw(facts.Test.Confusion!, confusionTitle), heatmapWidth, heatmapHeight, files["confusion_chart_png"]);
            if (DigitArt.Side(facts.Data.Test.FeatureCount) is int side)
            {
                files["samples_chart"] = Path.Combine(folder, "samples.svg");
                files["samples_chart_png"] = Path.Combine(folder, "samples.png");
                int[] predicted = Predictions.Classes(facts.Trainer.Network, facts.Data.Test);
                IReadOnlyList<DigitSample> samples = SampleChoice.Pick(facts.Data.Test, predicted, first: 40, mistakes: 20);
                const string samplesTitle = "Test images: the first 40, then mistakes";
                DigitGrid.Render(samples, side, samplesTitle).Save(files["samples_chart"]);
                (int gridWidth, int gridHeight) = DigitGridPlot.Size(samples.Count, side);
                PngWriter.Save(DigitGridPlot.Draw(samples, side, samplesTitle), gridWidth, gridHeight, files["samples_chart_png"]);
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

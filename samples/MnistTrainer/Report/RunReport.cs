using MnistTrainer.Display;
using MnistTrainer.Runs;
using NeuralNet.Preprocessing;
using NeuralNet.Serialization;
using NeuralNet.Training;

namespace MnistTrainer.Report;

/// <summary>Writes the report of a finished run into its output folder: the model, the history, the summary and the pictures.</summary>
/// <remarks>
/// The pictures are the loss and (for a classifier) accuracy charts, the confusion heatmap and the test digits; every picture is written twice: as SVG by the report's own <see cref="SvgWriter"/> (small, scalable, text searchable)
/// and as PNG drawn by ScottPlot (what image viewers, chat tools and slides take). Every file is replaced atomically.
/// </remarks>
internal static class RunReport
{
    /// <summary>The model's file name in the report.</summary>
    public const string ModelFileName = "model.nnet";

    /// <summary>The summary's file name in the report.</summary>
    public const string SummaryFileName = "summary.json";

    /// <summary>Writes every file and returns what was written, by role, as full paths.</summary>
    /// <remarks>A classifier's report has the loss and accuracy charts, the confusion heatmap (classes by name when they have names) and, for square images, the grid of test digits; a regression's has the loss chart only (its figures, R², RMSE and MAE, are in the summary).</remarks>
    /// <exception cref="UsageException">A file cannot be written.</exception>
    public static IReadOnlyDictionary<string, string> Write(RunFacts facts)
    {
        string folder = facts.OutputFolder;
        TrainingHistory history = facts.Trainer.History;
        bool classifier = facts.Test.Confusion is not null;
        var files = new Dictionary<string, string>
        {
            ["model"] = Path.Combine(folder, ModelFileName),
            ["history_json"] = Path.Combine(folder, "history.json"),
            ["history_csv"] = Path.Combine(folder, "history.csv"),
            ["summary"] = Path.Combine(folder, SummaryFileName),
            ["loss_chart"] = Path.Combine(folder, "loss.svg"),
            ["loss_chart_png"] = Path.Combine(folder, "loss.png"),
        };
        if (classifier)
        {
            files["accuracy_chart"] = Path.Combine(folder, "accuracy.svg");
            files["confusion_chart"] = Path.Combine(folder, "confusion.svg");
            files["accuracy_chart_png"] = Path.Combine(folder, "accuracy.png");
            files["confusion_chart_png"] = Path.Combine(folder, "confusion.png");
        }

        Guard(folder, () =>
        {
            facts.Trainer.Network.Save(files["model"]);
            WriteHistory(history, files["history_json"], files["history_csv"]);
            LineChart loss = TrainingCharts.LossChart(history, facts.Trainer.Loss);
            loss.Render().Save(files["loss_chart"]);
            PngWriter.Save(LineChartPlot.Draw(loss), LineChartPlot.Width, LineChartPlot.Height, files["loss_chart_png"]);
            if (facts.Test.Confusion is { } confusion)
            {
                WriteClassifierPictures(facts, confusion, files);
            }

            if (history.LastCheckpoint is string checkpoint)
            {
                files["last_checkpoint"] = checkpoint;
            }

            OutputFolder.WriteFile(files["summary"], summary => SummaryWriter.Write(summary, facts, files));
        });
        return files;
    }

    private static void WriteClassifierPictures(RunFacts facts, ConfusionMatrix confusion, Dictionary<string, string> files)
    {
        string folder = facts.OutputFolder;
        LineChart accuracy = TrainingCharts.AccuracyChart(facts.Trainer.History);
        accuracy.Render().Save(files["accuracy_chart"]);
        PngWriter.Save(LineChartPlot.Draw(accuracy), LineChartPlot.Width, LineChartPlot.Height, files["accuracy_chart_png"]);

        string[] labels = ClassLabels.Of(facts.Trainer.Network);
        string confusionTitle = $"Confusion matrix on {Figures.Count(facts.Test.Count)} test samples";
        Heatmap.Render(confusion, confusionTitle, labels).Save(files["confusion_chart"]);
        (int heatmapWidth, int heatmapHeight) = HeatmapPlot.Size(confusion.ClassCount, labels);
        PngWriter.Save(HeatmapPlot.Draw(confusion, confusionTitle, labels), heatmapWidth, heatmapHeight, files["confusion_chart_png"]);
        // Pixels only: a table of four columns is not a 2×2 image.
        if (DigitArt.Side(facts.Data.Test.FeatureCount) is int side && facts.Data.Test.Scaling.Equals(InputScaling.UnitRange))
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

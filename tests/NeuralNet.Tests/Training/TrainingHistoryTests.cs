using System.Text.Json;
using NeuralNet.Losses;
using NeuralNet.Optimizers;
using NeuralNet.Tests.TestData;
using NeuralNet.Training;

namespace NeuralNet.Tests.Training;

public sealed class TrainingHistoryTests
{
    private static TrainingHistory Trained(bool withValidation)
    {
        var data = SyntheticData.Blobs(20, seed: 1);
        var trainer = new Trainer(Network.Create([4, 3], seed: 1), new CrossEntropyLoss(), new Sgd(0.1f), new TrainerOptions { Epochs = 3, BatchSize = 16 });
        return trainer.Fit(data, withValidation ? data : null);
    }

    [Fact]
    public void ToJson_ParsesBackToTheSameRows()
    {
        TrainingHistory history = Trained(withValidation: true);

        using JsonDocument json = JsonDocument.Parse(history.ToJson());

        json.RootElement.GetProperty("stop_reason").GetString().Should().Be("completed");
        JsonElement[] rows = json.RootElement.GetProperty("epochs").EnumerateArray().ToArray();
        rows.Should().HaveCount(3);
        for (int i = 0; i < 3; i++)
        {
            EpochRecord row = history.Epochs[i];
            rows[i].GetProperty("epoch").GetInt32().Should().Be(i + 1);
            rows[i].GetProperty("train_loss").GetDouble().Should().Be(row.TrainLoss);
            rows[i].GetProperty("validation_accuracy").GetDouble().Should().Be(row.ValidationAccuracy!.Value);
            rows[i].GetProperty("learning_rate").GetSingle().Should().Be(0.1f);
            rows[i].GetProperty("samples_per_second").GetDouble().Should().Be(row.SamplesPerSecond);
        }
    }

    [Fact]
    public void ToJson_WithoutValidation_WritesNulls()
    {
        using JsonDocument json = JsonDocument.Parse(Trained(withValidation: false).ToJson());

        json.RootElement.GetProperty("epochs")[0].GetProperty("validation_loss").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public void ToCsv_HasAHeaderAndOneLinePerEpoch()
    {
        TrainingHistory history = Trained(withValidation: false);

        string[] lines = history.ToCsv().TrimEnd('\n').Split('\n');

        lines[0].Should().Be("epoch,iterations,samples,train_loss,train_accuracy,validation_loss,validation_accuracy,learning_rate,seconds,samples_per_second");
        lines.Should().HaveCount(4);
        string[] cells = lines[2].Split(',');
        cells.Should().HaveCount(10);
        cells[0].Should().Be("2");
        double.Parse(cells[3], System.Globalization.CultureInfo.InvariantCulture).Should().Be(history.Epochs[1].TrainLoss);
        cells[5].Should().BeEmpty();
        cells[7].Should().Be("0.1");
    }

    [Fact]
    public void SaveJsonAndCsv_WriteTheFiles()
    {
        using var folder = new TempDirectory();
        TrainingHistory history = Trained(withValidation: true);

        history.SaveJson(folder.File("history.json"));
        history.SaveCsv(folder.File("history.csv"));

        File.ReadAllText(folder.File("history.json")).Should().Be(history.ToJson());
        File.ReadAllText(folder.File("history.csv")).Should().Be(history.ToCsv());
    }
}

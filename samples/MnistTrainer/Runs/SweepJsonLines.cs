using System.Text;
using System.Text.Json;
using NeuralNet.Training;

namespace MnistTrainer.Runs;

/// <summary>Writes a JSON line at the end of every epoch of one sweep candidate, and one for a candidate that diverged.</summary>
/// <remarks>The keys are <c>learning_rate</c>, <c>epoch</c>, <c>accuracy</c> and <c>loss</c> (on the validation set), <c>train_accuracy</c>, <c>train_loss</c> and <c>diverged</c>.</remarks>
internal sealed class SweepJsonLines(float rate, Action<string> writeLine) : IProgress<TrainingProgress>
{
    /// <summary>Writes the line of an epoch that ended.</summary>
    public void Report(TrainingProgress value)
    {
        if (value.EpochEnd is not EpochRecord end)
        {
            return;
        }

        writeLine(Line(json =>
        {
            json.WriteNumber("learning_rate", rate);
            json.WriteNumber("epoch", end.Epoch);
            Number(json, "accuracy", end.ValidationAccuracy);
            Number(json, "loss", end.ValidationLoss);
            Number(json, "train_accuracy", end.TrainAccuracy);
            Number(json, "train_loss", end.TrainLoss);
            json.WriteBoolean("diverged", false);
        }));
    }

    /// <summary>The line of a candidate that diverged.</summary>
    public static string Diverged(float rate, TrainingDivergedException e) => Line(json =>
    {
        json.WriteNumber("learning_rate", rate);
        json.WriteNumber("epoch", e.Epoch);
        json.WriteNull("accuracy");
        json.WriteNull("loss");
        json.WriteBoolean("diverged", true);
        json.WriteString("message", e.Message);
    });

    private static string Line(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            write(json);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Number(Utf8JsonWriter json, string name, double? value)
    {
        if (value is double v && double.IsFinite(v))
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}

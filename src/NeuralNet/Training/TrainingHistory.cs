using System.Globalization;
using System.Text;
using System.Text.Json;
using NeuralNet.IO;
using NeuralNet.Serialization;

namespace NeuralNet.Training;

/// <summary>What training did, epoch by epoch: losses, accuracies, learning rates and speeds, exportable to JSON and CSV.</summary>
/// <remarks>
/// <para>The trainer appends one <see cref="EpochRecord"/> per completed epoch (and, with a fixed number of
/// iterations, one for the last partial epoch). A run resumed from a checkpoint continues the same history.</para>
/// <para>JSON and CSV use snake_case names (<c>train_loss</c>, <c>validation_accuracy</c>, ...); a figure that was
/// not measured (no validation set) is <c>null</c> in JSON and empty in CSV. Numbers use the invariant culture and
/// round-trip exactly.</para>
/// </remarks>
public sealed class TrainingHistory
{
    private static readonly string[] Columns =
        ["epoch", "iterations", "samples", "train_loss", "train_accuracy", "validation_loss", "validation_accuracy", "learning_rate", "seconds", "samples_per_second"];

    private readonly List<EpochRecord> _epochs = [];

    /// <summary>The rows, one per epoch, in order.</summary>
    public IReadOnlyList<EpochRecord> Epochs => _epochs;

    /// <summary>Why the last <see cref="Trainer.Fit"/> call returned.</summary>
    public StopReason StopReason { get; internal set; }

    /// <summary>The epoch (from 1) with the best watched metric when early stopping is on; otherwise <see langword="null"/>.</summary>
    public int? BestEpoch { get; internal set; }

    /// <summary>The last checkpoint the trainer wrote, if any.</summary>
    public string? LastCheckpoint { get; internal set; }

    /// <summary>The last row, or <see langword="null"/> before the first epoch ends.</summary>
    public EpochRecord? Last => _epochs.Count == 0 ? null : _epochs[^1];

    /// <summary>Returns the history as a JSON document: <c>{"stop_reason": ..., "best_epoch": ..., "epochs": [{...}, ...]}</c>.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        WriteJson(buffer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Writes <see cref="ToJson"/>'s document to <paramref name="stream"/> as UTF-8.</summary>
    public void WriteJson(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("stop_reason", StopReasonName);
        if (BestEpoch is int best)
        {
            json.WriteNumber("best_epoch", best);
        }
        else
        {
            json.WriteNull("best_epoch");
        }

        json.WriteStartArray("epochs");
        foreach (EpochRecord row in _epochs)
        {
            json.WriteStartObject();
            json.WriteNumber(Columns[0], row.Epoch);
            json.WriteNumber(Columns[1], row.Iterations);
            json.WriteNumber(Columns[2], row.Samples);
            WriteNumber(json, Columns[3], row.TrainLoss);
            WriteNumber(json, Columns[4], row.TrainAccuracy);
            WriteNumber(json, Columns[5], row.ValidationLoss);
            WriteNumber(json, Columns[6], row.ValidationAccuracy);
            json.WriteNumber(Columns[7], row.LearningRate); // as a float, so 0.1 stays 0.1
            WriteNumber(json, Columns[8], row.Seconds);
            WriteNumber(json, Columns[9], row.SamplesPerSecond);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>Returns the rows as CSV: a header line, then one line per epoch.</summary>
    public string ToCsv()
    {
        var csv = new StringBuilder();
        csv.AppendJoin(',', Columns).Append('\n');
        foreach (EpochRecord row in _epochs)
        {
            csv.AppendJoin(
                ',',
                Format(row.Epoch),
                Format(row.Iterations),
                Format(row.Samples),
                Format(row.TrainLoss),
                Format(row.TrainAccuracy),
                Format(row.ValidationLoss),
                Format(row.ValidationAccuracy),
                row.LearningRate.ToString("R", CultureInfo.InvariantCulture),
                Format(row.Seconds),
                Format(row.SamplesPerSecond)).Append('\n');
        }

        return csv.ToString();
    }

    /// <summary>Writes <see cref="ToJson"/> to <paramref name="path"/>, replacing it atomically.</summary>
    /// <exception cref="IOException">The file cannot be written; an older file there is left as it was.</exception>
    public void SaveJson(string path) => AtomicFile.Write(path, "the training history", WriteJson);

    /// <summary>Writes <see cref="ToCsv"/> to <paramref name="path"/>, replacing it atomically.</summary>
    /// <exception cref="IOException">The file cannot be written; an older file there is left as it was.</exception>
    public void SaveCsv(string path)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(ToCsv());
        AtomicFile.Write(path, "the training history", stream => stream.Write(bytes));
    }

    /// <summary>Appends a row.</summary>
    internal void Add(EpochRecord record) => _epochs.Add(record);

    /// <summary>Replaces every row (when a checkpoint restores a history).</summary>
    internal void Restore(IEnumerable<EpochRecord> records, StopReason stopReason, int? bestEpoch)
    {
        _epochs.Clear();
        _epochs.AddRange(records);
        StopReason = stopReason;
        BestEpoch = bestEpoch;
    }

    private string StopReasonName => StopReason switch
    {
        StopReason.NotStarted => "not_started",
        StopReason.Completed => "completed",
        StopReason.EarlyStopped => "early_stopped",
        StopReason.Cancelled => "cancelled",
        _ => StopReason.ToString(),
    };

    private static void WriteNumber(Utf8JsonWriter json, string name, double? value)
    {
        // JSON has no NaN or infinity: such a figure is written as null.
        if (value is double v && double.IsFinite(v))
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static string Format(double? value) =>
        value is double v ? v.ToString("R", CultureInfo.InvariantCulture) : "";

    private static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);
}

using System.Text.Json;
using NeuralNet.Training;

namespace MnistTrainer.Report;

/// <summary>The figures <c>summary.json</c> and <c>evaluate --json</c> share, written the same way in both.</summary>
internal static class JsonFigures
{
    /// <summary>Writes a number, or null when it is not finite (JSON has no NaN or infinity) or not measured.</summary>
    public static void Number(Utf8JsonWriter json, string name, double? value)
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

    /// <summary>Writes <c>class_names</c>, the names in index order, when the classes have names.</summary>
    public static void ClassNames(Utf8JsonWriter json, IReadOnlyList<string>? names)
    {
        if (names is null)
        {
            return;
        }

        json.WriteStartArray("class_names");
        foreach (string name in names)
        {
            json.WriteStringValue(name);
        }

        json.WriteEndArray();
    }

    /// <summary>Writes <c>per_class</c>: every class's index (and name, when it has one), precision, recall, F1 and support.</summary>
    public static void PerClass(Utf8JsonWriter json, ConfusionMatrix confusion, IReadOnlyList<string>? names)
    {
        json.WriteStartArray("per_class");
        for (int c = 0; c < confusion.ClassCount; c++)
        {
            json.WriteStartObject();
            json.WriteNumber("class", c);
            if (names is not null)
            {
                json.WriteString("name", names[c]);
            }

            Number(json, "precision", confusion.Precision(c));
            Number(json, "recall", confusion.Recall(c));
            Number(json, "f1", confusion.F1(c));
            json.WriteNumber("support", confusion.TrueCount(c));
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}

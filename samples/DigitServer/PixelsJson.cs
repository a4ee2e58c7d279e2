using System.Globalization;
using System.Text.Json;

namespace DigitServer;

/// <summary>Reads the JSON form of a prediction request: <c>{"pixels": [784 numbers from 0 to 255]}</c>.</summary>
internal static class PixelsJson
{
    /// <summary>The pixels of <paramref name="body"/>, checked against the model's <paramref name="featureCount"/>.</summary>
    /// <exception cref="PredictRequestException">The JSON is malformed, has no <c>pixels</c> array, or the values are too many, too few, or out of 0–255.</exception>
    public static float[] Read(ReadOnlySpan<byte> body, int featureCount)
    {
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 4 });
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            throw Bad("Malformed JSON", $"The body is not valid JSON ({e.Message}); expected {{\"pixels\": [{featureCount} numbers from 0 to 255]}}.");
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("pixels", out JsonElement pixels) || pixels.ValueKind != JsonValueKind.Array)
            {
                throw Bad("Missing pixels", $"The JSON has no \"pixels\" array; expected {{\"pixels\": [{featureCount} numbers from 0 to 255]}}, row by row.");
            }

            int count = pixels.GetArrayLength();
            if (count != featureCount)
            {
                string side = Math.Sqrt(featureCount) is var s && s == Math.Floor(s) ? $" ({s}x{s})" : "";
                throw Bad("Wrong pixel count", $"\"pixels\" has {count} values but the model takes {featureCount}{side}.");
            }

            var values = new float[count];
            int i = 0;
            foreach (JsonElement element in pixels.EnumerateArray())
            {
                if (element.ValueKind != JsonValueKind.Number || !element.TryGetSingle(out float value) || !float.IsFinite(value) || value < 0 || value > 255)
                {
                    throw Bad("Pixel out of range", $"\"pixels\"[{i}] is {Shown(element)}; every pixel must be a number from 0 to 255 (raw MNIST gray levels, 0 the background).");
                }

                values[i++] = value;
            }

            return values;
        }
    }

    private static string Shown(JsonElement element)
    {
        string text = element.GetRawText();
        return text.Length > 20 ? text[..20] + "…" : text.ToString(CultureInfo.InvariantCulture);
    }

    private static PredictRequestException Bad(string title, string detail) => new(StatusCodes.Status400BadRequest, title, detail);
}

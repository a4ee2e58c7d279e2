using System.Globalization;
using System.Numerics.Tensors;
using NeuralNet;
using NeuralNet.Data;
using NeuralNet.Preprocessing;

namespace MnistTrainer.Datasets;

/// <summary>Makes a pixel file of already-scaled values and a model agree on what its values are, or refuses it.</summary>
/// <remarks>
/// <para>The readers decide from the values whether a pixel file holds integers 0–255 or already-scaled values
/// (<see cref="Dataset.ValuesAreScaled"/>: any value with a fraction). A model trained on 0–255 pixels divides what it is
/// given by 255; given values already in [0, 1] it would divide them again and see a black image. So:</para>
/// <list type="bullet">
/// <item>Already-scaled values that all lie in [0, 1] are pixels divided by 255 (the only scaling such files come with):
/// they are converted (<see cref="Dataset.AssumeScaledBy"/> with <see cref="InputScaling.UnitRange"/>), with a note.
/// Training on such a file therefore makes a model of 0–255 pixels like any other, and every later file of either kind
/// is converted to it.</item>
/// <item>Already-scaled values outside [0, 1] (standardized pixels, say) given to a model that scales its inputs are refused:
/// there is no telling what raw values they came from.</item>
/// <item>A model whose input scaling is the identity takes values as they are, and gets them unchanged.</item>
/// </list>
/// </remarks>
internal static class PixelValues
{
    /// <summary>A training, validation or test set with its already-scaled pixels in [0, 1] taken as 0–255 pixels divided by 255; any other set unchanged.</summary>
    /// <param name="data">The set.</param>
    /// <param name="name">What to call it in the note, such as <c>--train digits.csv</c>.</param>
    /// <param name="notes">Where the note goes.</param>
    public static Dataset AsPixels(Dataset data, string name, TextWriter notes)
    {
        if (!data.ValuesAreScaled || Range(data) is not (>= 0f, <= 1f))
        {
            return data;
        }

        notes.WriteLine($"{name} holds pixels already scaled to [0, 1] (values with fractions): they are taken as 0-255 pixels divided by 255, as the model will take them.");
        return data.AssumeScaledBy(InputScaling.UnitRange);
    }

    /// <summary>Samples for <paramref name="network"/>: already-scaled pixels in [0, 1] converted to the raw 0–255 pixels a scaling model takes; the set unchanged when it already fits.</summary>
    /// <param name="data">The samples, as loaded.</param>
    /// <param name="network">The model.</param>
    /// <param name="name">What to call the samples in messages, such as <c>--test digits.csv</c>.</param>
    /// <param name="notes">Where the note about a conversion goes.</param>
    /// <exception cref="UsageException">The values are already scaled, not within [0, 1], and the model scales its inputs.</exception>
    public static Dataset ForModel(Dataset data, Network network, string name, TextWriter notes)
    {
        if (!data.ValuesAreScaled || network.InputScaling.IsIdentity)
        {
            return data;
        }

        (float min, float max) = Range(data);
        if (min >= 0f && max <= 1f)
        {
            notes.WriteLine($"{name} holds pixels already scaled to [0, 1], but the model takes 0-255 pixels (its input scaling is {network.InputScaling}): the values are taken as pixels divided by 255.");
            return data.AssumeScaledBy(InputScaling.UnitRange);
        }

        throw new UsageException(string.Create(
            CultureInfo.InvariantCulture,
            $"{name} holds already-scaled values (with fractions, from {min:G4} to {max:G4}), but the model takes raw pixels (its input scaling is {network.InputScaling}); give the file as integer pixels 0-255, or as pixels divided by 255 (values in [0, 1])."));
    }

    private static (float Min, float Max) Range(Dataset data)
    {
        ReadOnlySpan<float> values = data.Inputs.AsColumnMajorArray();
        return values.IsEmpty ? (0f, 0f) : (TensorPrimitives.Min(values), TensorPrimitives.Max(values));
    }
}

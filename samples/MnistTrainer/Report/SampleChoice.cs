using NeuralNet.Data;

namespace MnistTrainer.Report;

/// <summary>Chooses the test images a grid shows: the first ones as they come, then mistakes, so that both right and wrong answers are seen.</summary>
internal static class SampleChoice
{
    /// <summary>The first <paramref name="first"/> samples, then up to <paramref name="mistakes"/> misclassified ones not among them.</summary>
    public static IReadOnlyList<DigitSample> Pick(Dataset data, int[] predicted, int first, int mistakes)
    {
        var chosen = new List<int>(Enumerable.Range(0, Math.Min(first, data.Count)));
        chosen.AddRange(Enumerable.Range(chosen.Count, data.Count - chosen.Count).Where(i => predicted[i] != data.Labels[i]).Take(mistakes));
        return [.. chosen.Select(i => At(data, predicted, i))];
    }

    /// <summary>The sample at <paramref name="index"/> with its labels.</summary>
    public static DigitSample At(Dataset data, int[] predicted, int index) =>
        new(index, data.Inputs.Column(index).ToArray(), data.Labels[index], predicted[index]);
}

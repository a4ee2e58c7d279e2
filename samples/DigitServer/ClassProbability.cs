namespace DigitServer;

/// <summary>One class and its probability.</summary>
/// <param name="Label">The class's label.</param>
/// <param name="Index">Its index among the model's outputs.</param>
/// <param name="Probability">The model's probability for it.</param>
public sealed record ClassProbability(string Label, int Index, float Probability);

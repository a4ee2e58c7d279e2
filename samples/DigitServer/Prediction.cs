namespace DigitServer;

/// <summary>The answer of <c>POST /predict</c>: the most likely class and the three most likely with their probabilities.</summary>
/// <param name="Label">The most likely class's label.</param>
/// <param name="Index">Its index among the model's outputs.</param>
/// <param name="Probability">Its probability.</param>
/// <param name="Top">The three most likely classes (fewer if the model has fewer), most likely first.</param>
/// <param name="Input">The model's input after preprocessing (0–255, row by row) when the request asked for it with <c>?input=true</c>.</param>
public sealed record Prediction(string Label, int Index, float Probability, IReadOnlyList<ClassProbability> Top, float[]? Input);

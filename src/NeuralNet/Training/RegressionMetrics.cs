namespace NeuralNet.Training;

/// <summary>How close a network's outputs come to real-valued targets: mean absolute error, root mean squared error and the coefficient of determination.</summary>
/// <remarks>
/// Over n samples and k targets, with ŷ the outputs, y the targets and ȳ_t each target's mean:
/// <c>MAE = (1/(n·k)) Σ |ŷ − y|</c>, <c>RMSE = √((1/(n·k)) Σ (ŷ − y)²)</c>, and R² the mean over the targets of
/// <c>1 − Σ_j (ŷ_tj − y_tj)² / Σ_j (y_tj − ȳ_t)²</c> (scikit-learn's <c>r2_score</c> with <c>multioutput="uniform_average"</c>):
/// 1 for a perfect fit, 0 for always predicting the mean, negative for worse. A target that never varies has R² 1 when
/// it is predicted exactly and 0 otherwise, as scikit-learn reports it.
/// </remarks>
/// <param name="MeanAbsoluteError">The mean of |ŷ − y| over every sample and target.</param>
/// <param name="RootMeanSquaredError">The square root of the mean of (ŷ − y)².</param>
/// <param name="RSquared">The coefficient of determination, averaged over the targets.</param>
/// <param name="Count">The samples evaluated.</param>
public sealed record RegressionMetrics(double MeanAbsoluteError, double RootMeanSquaredError, double RSquared, long Count);

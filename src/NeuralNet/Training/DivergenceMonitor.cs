using System.Globalization;
using System.Numerics.Tensors;
using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Compute;
using NeuralNet.Layers;
using NeuralNet.Losses;

namespace NeuralNet.Training;

/// <summary>Recognizes the two ways a too-large learning rate ruins a run without any value becoming NaN: the loss explodes, or a ReLU layer dies.</summary>
/// <remarks>
/// <para>With a stable softmax and a guarded logarithm the loss stays finite however bad the weights get, so NaN alone
/// does not reveal divergence. <b>Explosion</b>: the recent loss (the last batch, or an exponential average over about
/// <see cref="WindowSamples"/> samples when batches are smaller) exceeds <see cref="TrainerOptions.LossExplosionFactor"/>
/// times the loss the run started at (the mean over its first <see cref="WindowSamples"/> samples) and is also worse than
/// twice the loss of a uniform guess (ln 10 ≈ 2.3 for ten classes with cross-entropy). The second condition keeps a
/// run that starts from an already trained network, whose starting loss is tiny, from being stopped by ordinary
/// fluctuations; the same rule (a smoothed loss over 4× its best) is how learning-rate finders recognize divergence.
/// <b>Death</b>: a hidden dense layer whose every output is exactly 0 passes no gradient back, so neither it nor the
/// layers before it change (with plain SGD); once that has lasted for a whole epoch's worth of consecutive samples it
/// is 0 for every training sample and can never learn again (dead ReLUs). A shorter silence is not enough: a layer
/// dead for a few hundred samples can come back on others, and such runs do recover.</para>
/// <para>Its memory lives in <see cref="TrainingState"/>, so a resumed run judges exactly as the uninterrupted one.</para>
/// </remarks>
internal static class DivergenceMonitor
{
    /// <summary>The samples over which the starting and the recent loss are measured.</summary>
    public const int WindowSamples = 64;

    /// <summary>The loss of predicting every class with equal probability, the level a network that learned nothing sits at.</summary>
    public static double ChanceLoss(Loss loss, int classes)
    {
        Matrix<float> uniform = MatrixSpans.Dense(classes, 1);
        MatrixSpans.Values(uniform).Fill(1f / classes);
        Matrix<float> target = MatrixSpans.Dense(classes, 1);
        target[0, 0] = 1f;
        return loss.Compute(uniform, target);
    }

    /// <summary>Takes one batch's loss; returns why the run diverged, or <see langword="null"/> while it has not.</summary>
    /// <param name="state">The run's memory.</param>
    /// <param name="network">The network, just after its forward pass on the batch.</param>
    /// <param name="batchLoss">The batch's mean loss.</param>
    /// <param name="count">The batch's samples.</param>
    /// <param name="chanceLoss">The loss of a uniform guess.</param>
    /// <param name="factor">The explosion factor, or null for no explosion check.</param>
    /// <param name="epochSamples">The training set's size: how long a layer must stay silent to count as dead.</param>
    public static string? Observe(TrainingState state, Network network, float batchLoss, int count, double chanceLoss, double? factor, int epochSamples)
    {
        if (state.ReferenceSamples < WindowSamples)
        {
            state.ReferenceLossSum += (double)batchLoss * count;
            state.ReferenceSamples += count;
        }

        // An average over about WindowSamples samples: one batch of 64 or more is its own window.
        double weight = Math.Min(1.0, (double)count / WindowSamples);
        state.RecentLoss = double.IsNaN(state.RecentLoss) ? batchLoss : state.RecentLoss + (weight * (batchLoss - state.RecentLoss));

        if (factor is double f && state.ReferenceSamples >= WindowSamples)
        {
            double start = state.ReferenceLossSum / state.ReferenceSamples;
            if (state.RecentLoss > f * start && state.RecentLoss > 2 * chanceLoss)
            {
                return string.Create(
                    CultureInfo.InvariantCulture,
                    $"the loss exploded: the recent loss {state.RecentLoss:G4} is more than {f:G3} times the {start:G4} the run started at and worse than twice a uniform guess ({chanceLoss:G4})");
            }
        }

        return DeadLayer(state, network, count, epochSamples);
    }

    private static string? DeadLayer(TrainingState state, Network network, int count, int epochSamples)
    {
        IReadOnlyList<Layer> layers = network.Layers;
        if (state.DeadSamples.Length != layers.Count)
        {
            state.DeadSamples = new int[layers.Count];
        }

        for (int i = 0; i < layers.Count - 1; i++)
        {
            if (layers[i] is not DenseLayer { LastActivations: { } activations })
            {
                continue;
            }

            if (TensorPrimitives.MaxMagnitude(MatrixSpans.Values(activations)) != 0f)
            {
                state.DeadSamples[i] = 0;
                continue;
            }

            state.DeadSamples[i] = (int)Math.Min(int.MaxValue, (long)state.DeadSamples[i] + count);
            if (state.DeadSamples[i] >= epochSamples)
            {
                return string.Create(
                    CultureInfo.InvariantCulture,
                    $"every unit of layer {i} ({layers[i]}) has output 0 for each of the last {state.DeadSamples[i]} samples, a whole epoch, so no gradient reaches it or the layers before it any more (its units died, as ReLUs do after too large a step)");
            }
        }

        return null;
    }
}

using NeuralNet.Activations;
using NeuralNet.Layers;
using NeuralNet.Losses;
using NeuralNet.Randomness;

namespace NeuralNet.Tests.Support;

/// <summary>Compares back-propagated gradients with central finite differences of the mean loss.</summary>
/// <remarks>
/// float32 makes the loss itself noisy at about 1e-7 relative, so the step is 5e-3 (rounding error ≈ 1e-7·L/h ≈ 5e-5)
/// and the tolerance 2e-4 absolute plus 2% relative: far below the error of any real mistake (a missing 1/m, a
/// transposed product, a wrong derivative), as <c>GradientCheckTests.Check_WrongGradient_Fails</c> shows.
/// <para>A network with dropout in training mode draws a new mask on every Forward; <see cref="FixedMasks"/> makes every
/// evaluation re-apply the mask of the first one, so the loss is a fixed function of the parameters again.</para>
/// </remarks>
internal static class GradientChecker
{
    public const float Step = 5e-3f;
    public const double AbsoluteTolerance = 2e-4;
    public const double RelativeTolerance = 2e-2;

    /// <summary>Checks every parameter and every input of <paramref name="network"/>; returns the mismatches (empty when all agree).</summary>
    /// <param name="network">The network; its <see cref="Network.IsTraining"/> decides whether dropout layers drop.</param>
    /// <param name="loss">The loss whose mean over the batch is differentiated.</param>
    /// <param name="inputs">The batch.</param>
    /// <param name="targets">The targets.</param>
    /// <param name="corrupt">Replaces an analytic gradient before the comparison, to show that a wrong one fails.</param>
    /// <param name="beforeForward">Runs before every Forward, such as <see cref="FixedMasks"/>.</param>
    public static List<string> Check(
        Network network,
        Loss loss,
        Matrix<float> inputs,
        Matrix<float> targets,
        Func<Parameter, int, float, float>? corrupt = null,
        Action? beforeForward = null)
    {
        beforeForward?.Invoke();
        network.Forward(inputs);
        RequireNoKinks(network);
        Matrix<float> inputGradient = network.Backward(loss, targets, computeInputGradient: true)!.Clone();
        var analytic = network.Parameters.Select(p => p.Gradient.Clone()).ToList();

        var mismatches = new List<string>();
        for (int p = 0; p < network.Parameters.Count; p++)
        {
            Parameter parameter = network.Parameters[p];
            Span<float> values = parameter.ValueSpan;
            float[] expected = analytic[p].AsColumnMajorArray();
            for (int i = 0; i < values.Length; i++)
            {
                float numeric = Numeric(network, loss, inputs, targets, parameter.Value.AsColumnMajorArray(), i, beforeForward);
                float actual = corrupt?.Invoke(parameter, i, expected[i]) ?? expected[i];
                Compare($"{parameter} [{i}]", actual, numeric, mismatches);
            }
        }

        // Backward's input gradient is per sample (dℓ_j/dx_j); the mean loss's derivative is 1/m of it.
        float[] x = inputs.AsColumnMajorArray();
        float[] dx = inputGradient.AsColumnMajorArray();
        for (int i = 0; i < x.Length; i++)
        {
            float numeric = Numeric(network, loss, inputs, targets, x, i, beforeForward) * inputs.ColumnCount;
            Compare($"input [{i}]", dx[i], numeric, mismatches);
        }

        return mismatches;
    }

    /// <summary>Captures the state of every dropout layer's generator now and returns an action that restores it, so each Forward draws the same masks.</summary>
    public static Action FixedMasks(Network network)
    {
        Dropout[] dropouts = [.. network.Layers.OfType<Dropout>()];
        ulong[][] states = [.. dropouts.Select(d =>
        {
            var state = new ulong[SeededRandom.StateLength];
            d.Random.GetState(state);
            return state;
        })];
        return () =>
        {
            for (int i = 0; i < dropouts.Length; i++)
            {
                dropouts[i].Random.SetState(states[i]);
            }
        };
    }

    /// <summary>
    /// A finite difference across the kink of a ReLU measures neither side's slope, so a batch with a pre-activation
    /// within <see cref="KinkMargin"/> of zero is not a fair test: refuse it rather than loosen the tolerance.
    /// </summary>
    private static void RequireNoKinks(Network network)
    {
        foreach (Layer layer in network.Layers)
        {
            (Activation? activation, Matrix<float>? z) = layer switch
            {
                DenseLayer dense => (dense.Activation, dense.PreActivations),
                Conv2D conv => (conv.Activation, conv.PreActivations),
                _ => (null, null),
            };
            if (activation is Relu or LeakyRelu)
            {
                float closest = z!.Enumerate().Min(Math.Abs);
                if (closest < KinkMargin)
                {
                    throw new InvalidOperationException(
                        $"{layer} has a pre-activation {closest:G3} away from its kink; pick another seed for a meaningful check.");
                }
            }

            // Max pooling has a kink wherever a window's two largest values meet: a step that swaps them measures neither side.
            if (layer is MaxPool2D pool && pool.SmallestGapToRunnerUp() is var gap && gap < KinkMargin)
            {
                throw new InvalidOperationException(
                    $"{layer} has a window whose two largest values are {gap:G3} apart; pick another seed for a meaningful check.");
            }
        }
    }

    private const float KinkMargin = 0.05f;

    private static float Numeric(Network network, Loss loss, Matrix<float> inputs, Matrix<float> targets, float[] values, int index, Action? beforeForward)
    {
        float original = values[index];
        values[index] = original + Step;
        beforeForward?.Invoke();
        double plus = loss.Compute(network.Forward(inputs), targets);
        values[index] = original - Step;
        beforeForward?.Invoke();
        double minus = loss.Compute(network.Forward(inputs), targets);
        values[index] = original;
        return (float)((plus - minus) / (2 * Step));
    }

    private static void Compare(string what, float analytic, float numeric, List<string> mismatches)
    {
        double error = Math.Abs(analytic - numeric);
        if (!(error <= AbsoluteTolerance + (RelativeTolerance * Math.Max(Math.Abs(analytic), Math.Abs(numeric)))))
        {
            mismatches.Add($"{what}: analytic {analytic:G6}, numeric {numeric:G6}");
        }
    }
}

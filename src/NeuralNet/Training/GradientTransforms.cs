using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using NeuralNet.Compute;
using NeuralNet.Layers;

namespace NeuralNet.Training;

/// <summary>What the trainer does to the gradients between the backward pass and the update: clipping, then the L2 penalty.</summary>
internal static class GradientTransforms
{
    /// <summary>Clips the gradients to <see cref="TrainerOptions.GradientClipNorm"/> and adds <see cref="TrainerOptions.WeightDecay"/>·θ, as the options ask.</summary>
    /// <exception cref="TrainingDivergedException">The gradients' norm is NaN or infinite.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Apply(TrainingContext run, TrainerOptions options, DivergenceMonitor divergence)
    {
        IReadOnlyList<Parameter> parameters = run.Network.Parameters;
        if (options.GradientClipNorm is float maxNorm && !ClipNorm(parameters, maxNorm))
        {
            throw divergence.Diverged(run, run.BatchInEpoch + 1, "the gradient's norm became NaN or infinite");
        }

        if (options.WeightDecay > 0f)
        {
            for (int i = 0; i < parameters.Count; i++)
            {
                Span<float> gradient = parameters[i].GradientSpan;
                SpanKernels.MultiplyAdd(parameters[i].ValueSpan, options.WeightDecay, gradient, gradient); // g ← g + λ·θ
            }
        }
    }

    /// <summary>Rescales every gradient so that their global L2 norm is at most <paramref name="maxNorm"/>; false when the norm is not finite.</summary>
    private static bool ClipNorm(IReadOnlyList<Parameter> parameters, float maxNorm)
    {
        double squares = 0;
        for (int i = 0; i < parameters.Count; i++)
        {
            squares += TensorPrimitives.SumOfSquares(parameters[i].GradientSpan);
        }

        double norm = Math.Sqrt(squares);
        if (!double.IsFinite(norm))
        {
            return false;
        }

        if (norm > maxNorm)
        {
            // As clip_grad_norm_: scale by max/(norm + 1e-6), so the clipped norm sits just under the bound.
            float factor = (float)(maxNorm / (norm + 1e-6));
            for (int i = 0; i < parameters.Count; i++)
            {
                parameters[i].GradientSpan.Scale(factor);
            }
        }

        return true;
    }
}

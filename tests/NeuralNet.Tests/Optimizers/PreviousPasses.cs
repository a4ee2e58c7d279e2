using NeuralNet.Compute;
using NeuralNet.Layers;
using NeuralNet.Optimizers;

namespace NeuralNet.Tests.Optimizers;

/// <summary>Steps an optimizer beside the TensorPrimitives passes its rule was written as before it became one fused loop, and requires the same bits.</summary>
internal static class PreviousPasses
{
    /// <summary>One step of the old formulation: updates <paramref name="value"/> and <paramref name="state"/> in place; t counts from 1.</summary>
    public delegate void Step(Span<float> value, ReadOnlySpan<float> gradient, float[][] state, int t);

    /// <summary>Lengths with a scalar tail, and one long enough to be updated in two halves on the products' helper thread.</summary>
    public static TheoryData<int> Lengths() => [5, 1003, 200_003];

    public static void ShouldEqual(Optimizer optimizer, int length, int stateBuffers, Step previous)
    {
        _ = ComputeBackend.Current; // choose a backend, so that the helper threads exist
        var random = new Random(7);
        var parameter = new Parameter("w", length, 1);
        parameter.Value.MapInplace(_ => (float)(random.NextDouble() - 0.5));
        float[] value = parameter.ValueSpan.ToArray();
        float[][] state = Enumerable.Range(0, stateBuffers).Select(_ => new float[length]).ToArray();
        for (int t = 1; t <= 4; t++)
        {
            // Some tiny gradients, where ε and the order of the roundings matter most.
            parameter.Gradient.MapInplace(_ => (float)((random.NextDouble() - 0.5) * (random.Next(3) == 0 ? 1e-5 : 1)));
            optimizer.Step([parameter]);
            previous(value, parameter.GradientSpan, state, t);

            parameter.ValueSpan.ToArray().Select(BitConverter.SingleToInt32Bits).Should().Equal(value.Select(BitConverter.SingleToInt32Bits), $"{optimizer}, step {t}");
        }
    }
}

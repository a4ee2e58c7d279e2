using System.Globalization;
using NeuralNet.IO;

namespace NeuralNet.Layers;

/// <summary>Saves a <see cref="BatchNorm"/> as its shape, momentum, ε and running statistics (record kind 6).</summary>
/// <remarks>
/// <para>Payload: <c>u32</c> channels C, height and width (1 × 1 for flat features), <c>f32</c> momentum in (0, 1],
/// <c>f32</c> ε (positive, finite), then <c>f32[C]</c> the running means and <c>f32[C]</c> the running variances
/// (finite, variances not negative). The running statistics are in the record, not among the parameters, because no
/// optimizer may touch them; inference normalizes with them, so a model file must hold them. Its parameters follow all
/// records in the model file: γ (C values), then β (C values).</para>
/// </remarks>
internal sealed class BatchNormDescriptor() : LayerDescriptor(6, "batch-norm", typeof(BatchNorm))
{
    /// <inheritdoc />
    public override void WriteSettings(BinaryFileWriter writer, Layer layer)
    {
        var norm = (BatchNorm)layer;
        LayerRecordFields.WriteShape(writer, norm.InputShape);
        writer.WriteSingle(norm.Momentum);
        writer.WriteSingle(norm.Epsilon);
        writer.WriteSingles(norm.RunningMean);
        writer.WriteSingles(norm.RunningVariance);
    }

    /// <inheritdoc />
    public override LayerBlueprint ReadSettings(BinaryFileReader reader, LayerPosition position)
    {
        int index = position.Index;
        SampleShape shape = LayerRecordFields.ReadInputShape(reader, position, Name);
        int momentumOffset = reader.Offset;
        float momentum = reader.ReadSingle($"the momentum of layer {index}");
        if (!(momentum > 0f && momentum <= 1f))
        {
            throw reader.Error(
                momentumOffset,
                $"layer {index} (batch-norm) has momentum {Show(momentum)}, but the momentum is the weight of each batch in the running averages and lies in (0, 1].");
        }

        int epsilonOffset = reader.Offset;
        float epsilon = reader.ReadSingle($"the epsilon of layer {index}");
        if (!(epsilon > 0f) || !float.IsFinite(epsilon))
        {
            throw reader.Error(epsilonOffset, $"layer {index} (batch-norm) has ε = {Show(epsilon)}, but ε must be positive and finite.");
        }

        int channels = shape.Channels;
        int meanOffset = reader.Offset;
        float[] mean = reader.ReadSingleArray(channels, $"the running means of layer {index}");
        int varianceOffset = reader.Offset;
        float[] variance = reader.ReadSingleArray(channels, $"the running variances of layer {index}");
        for (int c = 0; c < channels; c++)
        {
            if (!float.IsFinite(mean[c]))
            {
                throw reader.Error(
                    meanOffset + (c * sizeof(float)),
                    $"layer {index} (batch-norm) has running mean {Show(mean[c])} for channel {c}; running means must be finite.");
            }

            if (!(variance[c] >= 0f) || !float.IsFinite(variance[c]))
            {
                throw reader.Error(
                    varianceOffset + (c * sizeof(float)),
                    $"layer {index} (batch-norm) has running variance {Show(variance[c])} for channel {c}; running variances must be finite and not negative.");
            }
        }

        return new LayerBlueprint(shape, shape, 2L * channels, () =>
        {
            var norm = new BatchNorm(shape, momentum, epsilon);
            norm.SetRunningStatistics(mean, variance);
            return norm;
        });
    }

    private static string Show(float value) => value.ToString(CultureInfo.InvariantCulture);
}

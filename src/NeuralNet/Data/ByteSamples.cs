using NeuralNet.Compute;

namespace NeuralNet.Data;

/// <summary>The bytes a dataset's inputs were read from (an IDX file of pixels), kept so that a trainer gathers its batches from a quarter of the memory.</summary>
/// <remarks>
/// <para>A shuffled batch reads its samples from all over the set, and at 4 bytes a pixel that read was most of what
/// <c>Trainer.Fit</c> spent beyond its steps on MNIST. Value i of the inputs is <c>byte[i]·scale + shift</c>, rounded
/// after the product and after the sum, which is how the reader made it (<see cref="ByteConversion.ToSingle"/>), so a
/// batch gathered from here is the batch gathered from the floats, bit for bit.</para>
/// <para>That holds only while nobody changes the floats. The library never writes a dataset's inputs, but the
/// dataset hands out its matrix (<see cref="Dataset.Inputs"/>), and whoever holds it may; so the first time the matrix
/// is handed out, the bytes are given up (<see cref="Release"/>) for every dataset that shares them, and batches come
/// from the floats again.</para>
/// </remarks>
/// <param name="values">features × N bytes, column-major; used as is.</param>
/// <param name="features">Bytes per sample.</param>
/// <param name="scale">The factor of the map from bytes to inputs.</param>
/// <param name="shift">The offset of the map from bytes to inputs.</param>
internal sealed class ByteSamples(byte[] values, int features, float scale, float shift)
{
    private readonly byte[] _values = values;
    private volatile bool _released;

    /// <summary>Whether the inputs may have changed since the bytes were read: their matrix was handed out.</summary>
    public bool IsReleased => _released;

    /// <summary>Gives the bytes up for good: the floats may change from now on.</summary>
    public void Release() => _released = true;

    /// <summary>Writes the inputs of the samples at <paramref name="indices"/> to consecutive columns of <paramref name="destination"/>, on the product helpers too when <paramref name="split"/>.</summary>
    public void Gather(ReadOnlySpan<int> indices, Span<float> destination, bool split = true) =>
        ColumnGather.CopyBytes(_values, features, indices, destination, scale, shift, split);

    /// <summary>The bytes of the samples at <paramref name="indices"/>, in that order.</summary>
    public ByteSamples Subset(ReadOnlySpan<int> indices)
    {
        byte[] values = GC.AllocateUninitializedArray<byte>(indices.Length * features);
        for (int j = 0; j < indices.Length; j++)
        {
            _values.AsSpan(indices[j] * features, features).CopyTo(values.AsSpan(j * features));
        }

        return new ByteSamples(values, features, scale, shift);
    }
}

using NeuralNet.Data;

namespace NeuralNet.Fuzz.Targets;

/// <summary>IDX files of samples (images): <see cref="IdxReader.ReadHeader(Stream, string?)"/>, then <see cref="IdxReader.ReadSamples(Stream, Preprocessing.InputScaling?, string?)"/>.</summary>
/// <remarks>Raw files of integer elements are checked against <see cref="IdxReference"/> both ways: the reader accepts exactly what the reference decodes, and returns the same values in the same place.</remarks>
internal sealed class IdxImagesTarget : FuzzTarget
{
    /// <inheritdoc />
    public override string Name => "idx-images";

    /// <inheritdoc />
    public override string Reads => "IdxReader.ReadHeader and IdxReader.ReadSamples (raw and gzip, every element type)";

    /// <inheritdoc />
    public override IEnumerable<(string Name, byte[] Bytes)> Seeds()
    {
        byte[] pixels = [.. Enumerable.Range(0, 3 * 2 * 2).Select(i => (byte)(i * 21))];
        yield return ("ubyte-3x2x2.idx", SeedFiles.Idx(path => IdxWriter.Write(path, [3, 2, 2], pixels)));
        yield return ("ubyte-3x2x2.idx.gz", SeedFiles.Idx(path => IdxWriter.Write(path, [3, 2, 2], pixels, gzip: true)));
        yield return ("sbyte-2x3.idx", SeedFiles.Idx(path => IdxWriter.Write(path, [2, 3], (ReadOnlySpan<sbyte>)[-128, -1, 0, 1, 2, 127])));
        yield return ("int16-2x2.idx", SeedFiles.Idx(path => IdxWriter.Write(path, [2, 2], (ReadOnlySpan<short>)[-300, 0, 255, 32767])));
        yield return ("int32-2x1x2.idx", SeedFiles.Idx(path => IdxWriter.Write(path, [2, 1, 2], (ReadOnlySpan<int>)[-70000, 0, 1, int.MaxValue])));
        yield return ("float32-2x2.idx", SeedFiles.Idx(path => IdxWriter.Write(path, [2, 2], (ReadOnlySpan<float>)[0.5f, -1f, 1e30f, 0f])));
        yield return ("float64-1x3.idx.gz", SeedFiles.Idx(path => IdxWriter.Write(path, [1, 3], (ReadOnlySpan<double>)[0.25, -2, 1e-300], gzip: true)));
    }

    /// <inheritdoc />
    protected override bool IsDocumented(Exception exception) => exception is InvalidDatasetFileException;

    /// <inheritdoc />
    protected override void Read(byte[] file)
    {
        IdxHeader? header = null;
        try
        {
            header = IdxReader.ReadHeader(new MemoryStream(file));
        }
        catch (InvalidDatasetFileException)
        {
            // A file whose header is refused must be refused by ReadSamples too (below).
        }

        Matrix<float>? samples = null;
        InvalidDatasetFileException? refused = null;
        try
        {
            samples = IdxReader.ReadSamples(new MemoryStream(file));
        }
        catch (InvalidDatasetFileException ex)
        {
            refused = ex;
        }

        Expect(samples is null || header is not null, "ReadSamples read a file whose header ReadHeader refused.");
        if (samples is not null && header is not null)
        {
            Expect(
                samples.ColumnCount == header.Dimensions[0] && (long)samples.RowCount * samples.ColumnCount == header.ElementCount,
                $"ReadSamples returned a {samples.RowCount}x{samples.ColumnCount} matrix for the header {header}.");
        }

        if (!IdxReference.Applies(file))
        {
            return;
        }

        double[]? expected = IdxReference.Decode(file, rank: null, out int[] dimensions);
        Expect(
            (expected is null) == (refused is not null),
            expected is null ? "ReadSamples read a raw file the reference refuses." : $"ReadSamples refused a raw file the reference reads: {refused?.Message}");
        if (expected is not null && samples is not null)
        {
            float[] values = samples.AsColumnMajorArray();
            Expect(samples.ColumnCount == dimensions[0] && values.Length == expected.Length, "ReadSamples returned another shape than the reference.");
            for (int i = 0; i < values.Length; i++)
            {
                Expect(values[i].Equals((float)expected[i]), $"element {i} is {values[i]} but the reference reads {(float)expected[i]}.");
            }
        }
    }
}

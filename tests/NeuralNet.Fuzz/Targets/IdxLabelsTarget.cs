using NeuralNet.Data;

namespace NeuralNet.Fuzz.Targets;

/// <summary>IDX files of labels: <see cref="IdxReader.ReadLabels(Stream, int?, string?)"/> without and with a class count of 10.</summary>
/// <remarks>Raw files of integer elements are checked against <see cref="IdxReference"/>: the same labels, and a refusal exactly when one is negative or not a class.</remarks>
internal sealed class IdxLabelsTarget : FuzzTarget
{
    private const int Classes = 10;

    /// <inheritdoc />
    public override string Name => "idx-labels";

    /// <inheritdoc />
    public override string Reads => "IdxReader.ReadLabels without a class count and with 10 classes (raw and gzip)";

    /// <inheritdoc />
    public override IEnumerable<(string Name, byte[] Bytes)> Seeds()
    {
        byte[] labels = [3, 1, 4, 1, 5, 9, 2, 6];
        yield return ("ubyte-8.idx", SeedFiles.Idx(path => IdxWriter.Write(path, [8], labels)));
        yield return ("ubyte-8.idx.gz", SeedFiles.Idx(path => IdxWriter.Write(path, [8], labels, gzip: true)));
        yield return ("sbyte-3.idx", SeedFiles.Idx(path => IdxWriter.Write(path, [3], (ReadOnlySpan<sbyte>)[0, 1, 2])));
        yield return ("int16-3.idx", SeedFiles.Idx(path => IdxWriter.Write(path, [3], (ReadOnlySpan<short>)[7, 0, 300])));
        yield return ("int32-2.idx.gz", SeedFiles.Idx(path => IdxWriter.Write(path, [2], (ReadOnlySpan<int>)[65535, 9], gzip: true)));
    }

    /// <inheritdoc />
    protected override bool IsDocumented(Exception exception) => exception is InvalidDatasetFileException;

    /// <inheritdoc />
    protected override void Read(byte[] file)
    {
        int[]? any = ReadOrNull(file, classCount: null, out string? anyRefusal);
        int[]? ten = ReadOrNull(file, Classes, out string? tenRefusal);
        Expect(ten is null || (any is not null && any.SequenceEqual(ten)), "labels read with 10 classes differ from those read without a class count.");
        Expect(ten is null || ten.All(label => label is >= 0 and < Classes), "a label outside the 10 classes was returned.");
        if (!IdxReference.Applies(file))
        {
            return;
        }

        double[]? expected = IdxReference.Decode(file, rank: 1, out _);
        bool readable = expected is not null && expected.All(label => label is >= 0 and < Dataset.MaxClassCount);
        Expect(readable == (any is not null), readable ? $"ReadLabels refused labels the reference reads: {anyRefusal}" : "ReadLabels read a raw file the reference refuses.");
        if (readable)
        {
            Expect(any!.SequenceEqual(expected!.Select(label => (int)label)), "ReadLabels returned other labels than the reference.");
            bool inTen = expected!.All(label => label < Classes);
            Expect(inTen == (ten is not null), inTen ? $"ReadLabels refused labels below 10 with 10 classes: {tenRefusal}" : "ReadLabels took a label of 10 or more with 10 classes.");
        }
    }

    private static int[]? ReadOrNull(byte[] file, int? classCount, out string? refusal)
    {
        refusal = null;
        try
        {
            return IdxReader.ReadLabels(new MemoryStream(file), classCount);
        }
        catch (InvalidDatasetFileException ex)
        {
            refusal = ex.Message;
            return null;
        }
    }
}

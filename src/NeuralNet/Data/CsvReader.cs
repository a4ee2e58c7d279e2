// Over 250 lines: the public entry points, the parallel parse, the choice of the first error, and the part streams.
using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Text;
using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Compute;
using NeuralNet.Preprocessing;

namespace NeuralNet.Data;

/// <summary>Reads CSV files into a <see cref="Dataset"/>: MNIST-style pixel files (MNIST's CSV dumps, Kaggle's digit-recognizer files) and tables with a header (string or integer classes, or a regression target, in any column).</summary>
/// <remarks>
/// <para>Tokenizing is Sep's (MIT): UTF-8, <c>\n</c>, <c>\r\n</c> or <c>\r</c> line ends, quoted cells. The file is read
/// twice, streamed, never whole into memory: once to learn the layout and count the rows, so that the matrix is
/// allocated once at its final size (checked against one array and the machine's memory first), and once to parse, in
/// parallel parts split at line starts when the file is raw and large. Gzip is recognised by the content's first two
/// bytes. Blank lines are skipped; a UTF-8 byte order mark is ignored. See <see cref="CsvOptions"/> for how a pixel file
/// is told from a table and how labels become classes.</para>
/// <para>Every row must have as many columns as the first line; numbers are parsed with the invariant culture (so in a
/// semicolon-separated file <c>0,5</c> is refused, never read as 5 or 0.5); NaN and infinities are refused; labels must be
/// classes (below <see cref="CsvOptions.ClassCount"/> or <see cref="Dataset.MaxClassCount"/>); a pixel file's integers
/// must be in 0–255, and it may not mix integer pixels with pixels scaled to [0, 1]. Errors are
/// <see cref="InvalidDatasetFileException"/>s naming the file's first offending line, column and record, with the cell
/// escaped and cut (never a terminal's escape sequence as it was written). The file is opened read-only.</para>
/// <para>The <see cref="Read(Stream, CsvOptions?, string?)"/> overload reads memory or any seekable stream (a fuzzer's entry point).</para>
/// </remarks>
public static class CsvReader
{
    private const string Expected = "a CSV file";

    /// <summary>Reads a CSV file into a dataset, one row per sample (column of <see cref="Dataset.Inputs"/>).</summary>
    /// <param name="path">The CSV file, raw or gzipped.</param>
    /// <param name="options">How to read it; default <see cref="CsvOptions.Default"/> (everything detected, pixels to [0, 1]).</param>
    /// <exception cref="InvalidDatasetFileException">The file is empty, a directory or not a regular file, has no data rows, a row with the wrong number of columns, a non-numeric or non-finite cell, a label that is not a class, a pixel outside 0–255, or pixels both raw and scaled.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ArgumentException">An option is out of range (a feature or class count that is not positive, a delimiter that can be part of a number, a column that is both label and feature), or the scaling is per feature for another feature count.</exception>
    public static Dataset Read(string path, CsvOptions? options = null) => Read(DatasetSource.FromFile(path), options);

    /// <summary>Reads CSV content (raw or gzipped) from a seekable stream, from its current position; see <see cref="Read(string, CsvOptions?)"/>.</summary>
    /// <param name="stream">The content; read twice, in one part, and left open.</param>
    /// <param name="options">How to read it; default <see cref="CsvOptions.Default"/>.</param>
    /// <param name="name">What to call the stream in messages; default "the stream".</param>
    /// <exception cref="InvalidDatasetFileException">The content is malformed, as for a file.</exception>
    /// <exception cref="ArgumentException">The stream cannot read or seek, or an option is out of range.</exception>
    public static Dataset Read(Stream stream, CsvOptions? options = null, string? name = null) => Read(DatasetSource.FromStream(stream, name), options);

    /// <summary>Whether a header cell names the label column.</summary>
    internal static bool IsLabelName(ReadOnlySpan<byte> cell) => CsvLayoutScanner.IsLabelName(cell);

    internal static Dataset Read(DatasetSource source, CsvOptions? options)
    {
        options ??= CsvOptions.Default;
        byte delimiter = CheckOptions(options);
        string path = source.Name;
        CsvLayout layout = CsvLayoutScanner.Scan(source, options, delimiter, Expected);
        InputScaling pixelScaling = options.Scaling ?? (layout.IsTable ? InputScaling.None : InputScaling.UnitRange);
        pixelScaling.CheckFeatures(layout.Features);
        bool regression = layout.HasLabels && (options.Task == DatasetTask.Regression);

        if (ElementBudget.Problem(layout.Features, layout.Rows, out int length) is string problem)
        {
            throw new InvalidDatasetFileException(path, $"{layout.Rows} rows of {layout.Features} features make {problem}.");
        }

        float[] values = GC.AllocateUninitializedArray<float>(length);
        int[]? labels = layout.HasLabels && !regression ? new int[layout.Rows] : null;
        float[]? targets = regression ? new float[layout.Rows] : null;
        float[]? table = options.ValuesAreScaled == true || layout.IsTable ? null : CsvRowParser.PixelTable(pixelScaling);
        var parts = new CsvRowParser[layout.Segments.Count];
        var errors = new Exception?[parts.Length];
        void ParsePart(int i)
        {
            CsvSegment segment = layout.Segments[i];
            if (segment.Line > layout.StopLine)
            {
                // Past a line that cannot be a row: an earlier part fails there at the latest.
                parts[i] = new CsvRowParser(path, layout, options, values, labels, table, segment) { Targets = targets };
                return;
            }

            long end = i + 1 < parts.Length ? layout.Segments[i + 1].Offset : long.MaxValue;
            parts[i] = new CsvRowParser(path, layout, options, values, labels, table, segment) { Targets = targets };
            try
            {
                using Stream stream = DatasetFile.Open(source, Expected, out _, out _);
                if (segment.Offset > 0)
                {
                    stream.Position = segment.Offset;
                }

                using var text = new StreamReader(end == long.MaxValue ? stream : new BoundedStream(stream, end - segment.Offset), new UTF8Encoding(false, false), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
                parts[i].Parse(text);
            }
            catch (Exception e)
            {
                errors[i] = e;
            }
        }

        if (parts.Length == 1)
        {
            ParsePart(0);
        }
        else
        {
            Parallel.For(0, parts.Length, new ParallelOptions { MaxDegreeOfParallelism = parts.Length }, ParsePart);
        }

        bool scaled = !layout.IsTable && (options.ValuesAreScaled ?? parts.Any(p => p.SawFraction));
        ThrowFirstError(path, layout, options, parts, errors, scaled);

        if (scaled)
        {
            foreach (CsvRowParser part in parts)
            {
                part.RevertToRaw();
            }
        }

        InputScaling scaling = scaled ? InputScaling.None : pixelScaling;
        Matrix<float> inputs = Matrix<float>.Build.Dense(layout.Features, layout.Rows, values);
        if (!scaled && (table is null || layout.IsTable) && !scaling.IsIdentity)
        {
            scaling.Apply(inputs, inputs);
        }

        // Integer pixels looked up in the 256-entry table: keep their bytes too, for a trainer's batches, as an IDX file's are.
        ByteSamples? bytes = !scaled && table is not null && ByteSamples.FitBesideFloats(layout.Features, layout.Rows)
            ? ByteSamples.TryCapture(values, layout.Features, scaling.Scale[0], scaling.Shift[0])
            : null;
        IReadOnlyList<string>? featureNames = layout.HeaderNames is { } header ? [.. layout.FeatureColumns.Select(c => CsvCells.Clean(header[c].AsSpan()).ToString())] : null;
        if (regression)
        {
            return Dataset.Create(inputs, null, Matrix<float>.Build.Dense(1, layout.Rows, targets), null, scaling, null, featureNames, scaled, bytes);
        }

        if (labels is not null && layout.IsTable && options.ClassNames is null)
        {
            return CsvLabels.Finish(path, layout, options, inputs, labels, parts, scaling, featureNames);
        }

        IReadOnlyList<string>? classNames = options.ClassNames is { } names ? [.. names] : null;
        return Dataset.Create(inputs, labels, null, options.ClassCount ?? classNames?.Count, scaling, labels is null ? null : classNames, featureNames, scaled, bytes);
    }

    /// <summary>Throws the file's first error: the earliest of the parts' errors, an integer outside 0–255 in a file of pixels, and the first record of a file that mixes pixels and scaled values.</summary>
    private static void ThrowFirstError(string path, CsvLayout layout, CsvOptions options, CsvRowParser[] parts, Exception?[] errors, bool scaled)
    {
        var candidates = new List<(long Line, Exception Error)>();
        foreach (Exception? error in errors)
        {
            if (error is not null)
            {
                candidates.Add((error is InvalidDatasetFileException { Line: long line } ? line : long.MaxValue, error));
                break;
            }
        }

        if (!scaled && parts.Select(p => p.FirstOutOfRange).FirstOrDefault(e => e is not null) is InvalidDatasetFileException outOfRange)
        {
            candidates.Add((outOfRange.Line ?? long.MaxValue, outOfRange));
        }

        if (scaled && options.ValuesAreScaled is null
            && parts.Select(p => p.FirstPixelRecord).FirstOrDefault(r => r is not null) is (int pixelSlot, long pixelLine)
            && parts.Select(p => p.FirstUnitRecord).FirstOrDefault(r => r is not null) is (int unitSlot, long unitLine))
        {
            bool pixelsFirst = pixelSlot < unitSlot;
            (int slot, long line) = pixelsFirst ? (unitSlot, unitLine) : (pixelSlot, pixelLine);
            string problem = pixelsFirst
                ? string.Create(CultureInfo.InvariantCulture, $"the record's values lie in [0, 1] with fractions (pixels already scaled), but record {pixelSlot} (line {pixelLine}) holds integer pixels 0-255: the file mixes raw and scaled pixels; give one kind (or set ValuesAreScaled).")
                : string.Create(CultureInfo.InvariantCulture, $"the record holds integer pixels 0-255, but record {unitSlot} (line {unitLine}) holds values in [0, 1] with fractions (pixels already scaled): the file mixes raw and scaled pixels; give one kind (or set ValuesAreScaled).");
            candidates.Add((line, new InvalidDatasetFileException(path, problem, line: line, record: slot)));
        }

        if (candidates.Count > 0)
        {
            ExceptionDispatchInfo.Capture(candidates.MinBy(c => c.Line).Error).Throw();
        }

        _ = layout;
    }

    private static byte CheckOptions(CsvOptions options)
    {
        if (options.FeatureCount is <= 0)
        {
            throw new ArgumentException($"The feature count must be positive; got {options.FeatureCount}.", nameof(options));
        }

        if (options.ClassCount is <= 0 or > Dataset.MaxClassCount)
        {
            throw new ArgumentException($"The class count must be between 1 and {Dataset.MaxClassCount}; got {options.ClassCount}.", nameof(options));
        }

        if (options.ClassNames is { } names)
        {
            if (names.Count == 0 || names.Count > Dataset.MaxClassCount || names.Any(string.IsNullOrEmpty) || names.Distinct(StringComparer.Ordinal).Count() != names.Count)
            {
                throw new ArgumentException($"ClassNames must be 1 to {Dataset.MaxClassCount} distinct, non-empty names; got {names.Count}.", nameof(options));
            }

            if (options.ClassCount is int count && count != names.Count)
            {
                throw new ArgumentException($"ClassCount is {count} but {names.Count} ClassNames were given.", nameof(options));
            }

            if (options.Task == DatasetTask.Regression)
            {
                throw new ArgumentException("ClassNames name classes, but Task is Regression.", nameof(options));
            }
        }

        char d = options.Delimiter;
        if (d > 127 || char.IsAsciiDigit(d) || "+-.eE\"\r\n ".Contains(d, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The delimiter must be an ASCII character that cannot be part of a number, such as ',' ';' or a tab; got '{CsvCells.Escape(d.ToString())}'.", nameof(options));
        }

        return (byte)d;
    }

    /// <summary>The next <c>length</c> bytes of a stream: one parallel part of a file.</summary>
    private sealed class BoundedStream(Stream inner, long length) : Stream
    {
        private long _left = length;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_left <= 0)
            {
                return 0;
            }

            int read = inner.Read(buffer[..(int)Math.Min(buffer.Length, _left)]);
            _left -= read;
            return read;
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

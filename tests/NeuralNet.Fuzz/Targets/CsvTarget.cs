using System.IO.Compression;
using System.Text;
using NeuralNet.Data;
using NeuralNet.Preprocessing;

namespace NeuralNet.Fuzz.Targets;

/// <summary>CSV files: <see cref="CsvReader.Read(Stream, CsvOptions?, string?)"/> with the defaults (everything detected), as a labelled pixel file of 10 classes, and as a regression table with a header.</summary>
/// <remarks>
/// Every dataset returned must be consistent (as many labels as samples, labels among the classes, finite values), and a
/// plain file of small integers read as a labelled pixel file must give exactly the values a few lines of reference code
/// read from it (<see cref="ReferencePixels"/>).
/// </remarks>
internal sealed class CsvTarget : FuzzTarget
{
    private static readonly CsvOptions Detected = CsvOptions.Default;
    private static readonly CsvOptions Pixels = new() { HasLabels = true, ClassCount = 10, Task = DatasetTask.Classification, Scaling = InputScaling.None };
    private static readonly CsvOptions Regression = new() { HasHeader = true, Task = DatasetTask.Regression };

    /// <inheritdoc />
    public override string Name => "csv";

    /// <inheritdoc />
    public override string Reads => "CsvReader.Read with detected options, as a 10-class pixel file, and as a regression table (raw and gzip)";

    /// <inheritdoc />
    public override IEnumerable<(string Name, byte[] Bytes)> Seeds()
    {
        byte[] pixels = [0, 255, 17, 128, 3, 90];
        yield return ("pixels.csv", SeedFiles.Text(path => CsvWriter.WritePixels(path, pixels, 3, [7, 2])));
        yield return ("pixels-header.csv", SeedFiles.Text(path => CsvWriter.WritePixels(path, pixels, 3, [1, 0], header: true)));
        yield return ("unlabelled-header.csv", SeedFiles.Text(path => CsvWriter.WritePixels(path, pixels, 2, header: true)));
        Matrix<float> values = Matrix<float>.Build.DenseOfArray(new[,] { { 0.5f, -1.25f }, { 3e-5f, 1e6f } });
        yield return ("values-header.csv", SeedFiles.Text(path => CsvWriter.Write(path, values, [0, 1], header: true)));
        yield return ("values.csv.gz", Gzip(SeedFiles.Text(path => CsvWriter.Write(path, values, [1, 0]))));

        // Tables the writer does not make: class names, a quoted cell, a target column elsewhere, CRLF line ends.
        yield return ("table-classes.csv", Encoding.UTF8.GetBytes("height,\"weight, kg\",species\n1.5,60,cat\n2.25,75,\"dog\"\n0.5,3,cat\n"));
        yield return ("table-regression.csv", Encoding.UTF8.GetBytes("x1,target,x2\r\n0.5,1.75,3\r\n-2,0.125,4e2\r\n"));
    }

    /// <inheritdoc />
    protected override bool IsDocumented(Exception exception) => exception is InvalidDatasetFileException;

    /// <inheritdoc />
    protected override void Read(byte[] file)
    {
        Dataset? detected = ReadOrNull(file, Detected);
        Dataset? pixels = ReadOrNull(file, Pixels);
        Dataset? regression = ReadOrNull(file, Regression);
        foreach (Dataset data in new[] { detected, pixels, regression }.OfType<Dataset>())
        {
            CheckConsistent(data);
        }

        Expect(pixels is null || (pixels.HasLabels && pixels.ClassCount == 10), "a file read as 10-class pixels came back without its 10 classes.");
        Expect(regression is null || regression.Task == DatasetTask.Regression || !regression.HasLabels, "a file read as a regression table came back with classes.");

        if (ReferencePixels(file) is (int[] labels, float[] values) expected)
        {
            Expect(pixels is not null, "a plain file of labels 0-9 and pixels 0-255 was refused as a pixel file.");
            Expect(pixels!.Labels.SequenceEqual(expected.Labels), "a plain pixel file's labels differ from the reference's.");
            Expect(pixels.Inputs.AsColumnMajorArray().SequenceEqual(expected.Values), "a plain pixel file's values differ from the reference's.");
        }
    }

    /// <summary>The labels and values of a file of <c>\n</c>-ended lines of 1-3 digit integers, one width, a label 0-9 first and pixels 0-255; null for anything else.</summary>
    private static (int[] Labels, float[] Values)? ReferencePixels(byte[] file)
    {
        if (file.Length == 0 || file[^1] != (byte)'\n' || file.Any(b => b is not ((>= (byte)'0' and <= (byte)'9') or (byte)',' or (byte)'\n')))
        {
            return null;
        }

        string[] lines = Encoding.ASCII.GetString(file, 0, file.Length - 1).Split('\n');
        int[][] rows = [.. lines.Select(line => line.Split(',').Select(cell => cell.Length is >= 1 and <= 3 ? int.Parse(cell, System.Globalization.CultureInfo.InvariantCulture) : -1).ToArray())];
        if (rows.Any(row => row.Length != rows[0].Length || row.Length < 2 || row.Contains(-1) || row.Any(v => v > 255) || row[0] > 9))
        {
            return null;
        }

        return ([.. rows.Select(row => row[0])], [.. rows.SelectMany(row => row.Skip(1).Select(v => (float)v))]);
    }

    private static Dataset? ReadOrNull(byte[] file, CsvOptions options)
    {
        try
        {
            return CsvReader.Read(new MemoryStream(file), options);
        }
        catch (InvalidDatasetFileException)
        {
            return null;
        }
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }

    private void CheckConsistent(Dataset data)
    {
        Expect(data.Count > 0 && data.FeatureCount > 0, $"a dataset of {data.Count} samples of {data.FeatureCount} features was returned.");
        Expect(data.Inputs.AsColumnMajorArray().All(float.IsFinite), "a dataset holds a value that is not finite.");
        if (data.HasLabels)
        {
            Expect(data.Labels.Length == data.Count, $"{data.Labels.Length} labels for {data.Count} samples.");
            foreach (int label in data.Labels)
            {
                Expect(label >= 0 && label < data.ClassCount, $"label {label} is outside the {data.ClassCount} classes.");
            }
        }

        if (data.Targets is { } targets)
        {
            Expect(targets.ColumnCount == data.Count && targets.AsColumnMajorArray().All(float.IsFinite), "the regression targets do not match the samples or are not finite.");
        }
    }
}

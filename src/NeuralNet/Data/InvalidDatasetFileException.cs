using System.Text;
using NeuralNet.IO;

namespace NeuralNet.Data;

/// <summary>A dataset file (IDX or CSV) that cannot be read as what it claims to be.</summary>
/// <remarks>
/// The message starts with the file's path and where in the file the problem is (a byte offset for IDX files, a
/// line and column for CSV files, the record where it applies), then says what was expected and what was found, such as
/// <c>/data/train-images-idx3-ubyte: at byte offset 2: unknown IDX type code 0x07; expected 0x08 (unsigned byte), ...</c>.
/// The same facts are available as properties. The file itself is never modified.
/// <para>It derives from <see cref="InvalidFileException"/>, the base of every unreadable-file exception of the library.</para>
/// </remarks>
public sealed class InvalidDatasetFileException : InvalidFileException
{
    /// <summary>Creates the exception for a problem in <paramref name="filePath"/>, at the given place if known.</summary>
    /// <param name="filePath">The file that was read.</param>
    /// <param name="problem">What was expected and what was found.</param>
    /// <param name="offset">The byte offset of the problem (into the decompressed content for gzipped files), if known.</param>
    /// <param name="line">The 1-based line of a text file, if known.</param>
    /// <param name="column">The 1-based column (cell) of a text file, if known.</param>
    /// <param name="record">The 0-based record (sample) the problem is in, if known.</param>
    /// <param name="innerException">The error that revealed the problem, if any.</param>
    public InvalidDatasetFileException(
        string filePath,
        string problem,
        long? offset = null,
        long? line = null,
        int? column = null,
        long? record = null,
        Exception? innerException = null)
        : base(Compose(filePath, problem, offset, line, column, record), filePath, offset, innerException)
    {
        Problem = problem;
        Line = line;
        Column = column;
        Record = record;
    }

    /// <summary>What was expected and what was found, without the location.</summary>
    public string Problem { get; }

    /// <summary>The 1-based line of a text file, if known.</summary>
    public long? Line { get; }

    /// <summary>The 1-based column (cell) of a text file, if known.</summary>
    public int? Column { get; }

    /// <summary>The 0-based record (sample) the problem is in, if known.</summary>
    public long? Record { get; }

    private static string Compose(string filePath, string problem, long? offset, long? line, int? column, long? record)
    {
        ArgumentNullException.ThrowIfNull(filePath);
        ArgumentNullException.ThrowIfNull(problem);
        var message = new StringBuilder(filePath);
        var places = new List<string>(3);
        if (line is not null)
        {
            places.Add(column is null ? $"line {line}" : $"line {line}, column {column}");
        }

        if (offset is not null)
        {
            places.Add($"at byte offset {offset}");
        }

        if (record is not null)
        {
            places.Add($"record {record}");
        }

        if (places.Count > 0)
        {
            message.Append(": ").AppendJoin(", ", places);
        }

        return message.Append(": ").Append(problem).ToString();
    }
}

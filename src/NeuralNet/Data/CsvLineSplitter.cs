using System.Buffers;
using System.Runtime.CompilerServices;

namespace NeuralNet.Data;

/// <summary>Receives one line of a CSV file; the byte after it in memory exists and ends it ('\n', '\r' or a sentinel '\n').</summary>
internal delegate void LineHandler(ReadOnlySpan<byte> line);

/// <summary>Streams a file's lines through one pooled buffer, handing each to a <see cref="LineHandler"/> in place (no copies, no strings).</summary>
/// <remarks>A partial line at the end of the buffer moves to the front before the next read; a line longer than the buffer doubles it.</remarks>
internal static class CsvLineSplitter
{
    /// <summary>Calls <paramref name="handle"/> with each line (without its '\n') in the next <paramref name="length"/> bytes of <paramref name="stream"/> (all of them for <see cref="long.MaxValue"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Split(Stream stream, long length, string path, LineHandler handle)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(DatasetFile.ChunkSize * 4);
        int start = 0;
        int end = 0;
        long consumed = 0;
        bool endOfStream = false;
        try
        {
            while (true)
            {
                int newline = buffer.AsSpan(start, end - start).IndexOf((byte)'\n');
                if (newline >= 0)
                {
                    handle(buffer.AsSpan(start, newline));
                    start += newline + 1;
                    continue;
                }

                if (endOfStream)
                {
                    if (end > start)
                    {
                        // The sentinel: the last line, too, is followed by a byte that ends it.
                        if (end == buffer.Length)
                        {
                            byte[] larger = ArrayPool<byte>.Shared.Rent(buffer.Length + 1);
                            buffer.AsSpan(start, end - start).CopyTo(larger);
                            ArrayPool<byte>.Shared.Return(buffer);
                            buffer = larger;
                            end -= start;
                            start = 0;
                        }

                        buffer[end] = (byte)'\n';
                        handle(buffer.AsSpan(start, end - start));
                    }

                    return;
                }

                // Keep the partial line at the front and read more behind it; a line that fills the buffer doubles it.
                int partial = end - start;
                if (partial == buffer.Length)
                {
                    byte[] larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(start, partial).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                else if (start > 0)
                {
                    buffer.AsSpan(start, partial).CopyTo(buffer);
                }

                start = 0;
                end = partial;
                int wanted = (int)Math.Min(buffer.Length - end, length - consumed);
                int read = wanted == 0 ? 0 : DatasetFile.Fill(stream, buffer.AsSpan(end, wanted), path, consumed);
                consumed += read;
                end += read;
                endOfStream = read < wanted || consumed == length;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

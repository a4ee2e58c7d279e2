using System.Diagnostics;

namespace NeuralNet.Data;

/// <summary>A lock file that lets processes fetching into one directory take turns.</summary>
/// <remarks>The file is left in place: deleting it on release would let a waiter lock a file that a newcomer has just replaced.</remarks>
internal static class DirectoryLock
{
    /// <summary>Opens <paramref name="fileName"/> in <paramref name="directory"/> exclusively, waiting (polling) while another process or stream holds it.</summary>
    /// <exception cref="TimeoutException">The lock stayed taken for longer than <paramref name="timeout"/>.</exception>
    public static async Task<FileStream> AcquireAsync(string directory, string fileName, TimeSpan timeout, CancellationToken cancellationToken)
    {
        string path = Path.Combine(directory, fileName);
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                // FileShare.None takes an exclusive lock that other processes (and other streams) cannot share.
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (waited.Elapsed < timeout)
            {
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                throw new TimeoutException($"Another process has held {path} for more than {timeout.TotalSeconds:0} s while fetching dataset files; delete it if no such process is running.", e);
            }
        }
    }
}

using System.Security.Cryptography;
using NeuralNet.IO;
using NeuralNet.Serialization;

namespace NeuralNet.Data;

/// <summary>Stores fetched content under its real name only once its SHA-256 matches, so a directory never holds a partial or wrong file under that name.</summary>
internal static class VerifiedFile
{
    /// <summary>No dataset file this library fetches is larger; more is a corrupt or hostile source.</summary>
    public const long MaxBytes = 1L << 30;

    /// <summary>Writes <paramref name="content"/> to a temporary file beside <paramref name="path"/>, hashing it, and renames it into place if the hash matches; returns null on success or the mismatch.</summary>
    public static async Task<string?> StoreAsync(Stream content, string path, string expectedSha256, CancellationToken cancellationToken)
    {
        using var file = AtomicFile.Begin(path, $"the downloaded {Path.GetFileName(path)}");
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] buffer = new byte[1 << 16];
        long written = 0;
        int read;
        while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            written += read;
            if (written > MaxBytes)
            {
                return "decompresses to more than any MNIST file";
            }

            hash.AppendData(buffer, 0, read);
            await file.Stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
        }

        string actual = Convert.ToHexStringLower(hash.GetHashAndReset());
        if (!string.Equals(actual, expectedSha256, StringComparison.OrdinalIgnoreCase))
        {
            return $"SHA-256 mismatch: expected {expectedSha256} but the content hashes to {actual}";
        }

        // Only now does the file get its real name: readers see no file or the whole verified one.
        file.Commit();
        return null;
    }
}

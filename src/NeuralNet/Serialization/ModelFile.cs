using NeuralNet.IO;

namespace NeuralNet.Serialization;

/// <summary>Saves and loads networks as model files: <c>network.Save(path)</c> and <c>Network.Load(path)</c>.</summary>
/// <remarks>
/// <para>Extension members (with <c>using NeuralNet.Serialization;</c>): <see cref="Network"/> itself knows nothing of
/// files, which keeps the model below its storage. The format is in <c>docs/model-format.md</c>.</para>
/// <para>Saving writes to a temporary file in the same folder, flushes it to the disk, and renames it over the target
/// (<see cref="AtomicFile"/>): readers and concurrent savers see the old file or a whole new one, and a failure leaves the
/// old file as it was. Loading checks everything (signature, version, length, CRC-32C checksum, and that sizes and names
/// fit together) before the network is built, and never allocates more than the file's own length.</para>
/// </remarks>
public static class ModelFile
{
    extension(Network network)
    {
        /// <summary>Saves the network (architecture, input scaling, parameters, class and feature names) to a model file, replacing <paramref name="path"/> atomically.</summary>
        /// <remarks><see cref="Load(string)"/> reads it back and predicts bit-identically. Do not train the network on another thread while it is being saved.</remarks>
        /// <param name="path">The file to write; its folder must exist.</param>
        /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
        /// <exception cref="UnauthorizedAccessException">The folder is not writable.</exception>
        /// <exception cref="IOException">Writing or renaming failed; the previous file is unchanged.</exception>
        /// <exception cref="NotSupportedException">A layer or activation is not one model files can hold (custom subclasses).</exception>
        public void Save(string path)
        {
            ArgumentNullException.ThrowIfNull(network);
            BinaryFileStore.Save(path, ModelFileFormat.Kind, $"the model {network}", writer => Write(writer, network), NetworkCodec.FlagsFor(network));
        }

        /// <summary>Writes the network as a model file to <paramref name="stream"/> at its current position.</summary>
        /// <remarks>The stream is neither flushed to the disk nor closed; for files, prefer <see cref="Save(Network, string)"/>, which is atomic.</remarks>
        /// <exception cref="ArgumentException">The stream cannot be written to.</exception>
        /// <exception cref="NotSupportedException">A layer or activation is not one model files can hold (custom subclasses).</exception>
        public void Save(Stream stream)
        {
            ArgumentNullException.ThrowIfNull(network);
            BinaryFileStore.Save(stream, ModelFileFormat.Kind, $"the model {network}", writer => Write(writer, network), NetworkCodec.FlagsFor(network));
        }
    }

    extension(Network)
    {
        /// <summary>Loads a network saved by <see cref="Save(Network, string)"/>.</summary>
        /// <exception cref="FileNotFoundException">The file does not exist.</exception>
        /// <exception cref="InvalidModelFileException">The file is not a model file, comes from a newer format version, is truncated or damaged, or does not describe a valid network; the message says which.</exception>
        public static Network Load(string path) => BinaryFileStore.Load(path, ModelFileFormat.Kind, Read);

        /// <summary>Loads a network from <paramref name="stream"/>, reading exactly the bytes of one model file from its current position.</summary>
        /// <exception cref="ArgumentException">The stream cannot be read.</exception>
        /// <exception cref="InvalidModelFileException">The data is not a valid model file; the message says why.</exception>
        public static Network Load(Stream stream) => BinaryFileStore.Load(stream, ModelFileFormat.Kind, Read);
    }

    private static void Write(BinaryFileWriter writer, Network network) =>
        NetworkCodec.Write(writer, network, withNames: NetworkCodec.FlagsFor(network) != 0);

    private static Network Read(BinaryFileReader reader) =>
        NetworkCodec.Read(reader, endsBody: true, withNames: (reader.Flags & NetworkCodec.NamesFlag) != 0);
}

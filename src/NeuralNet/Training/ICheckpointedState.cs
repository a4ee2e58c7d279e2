using NeuralNet.IO;

namespace NeuralNet.Training;

/// <summary>A built-in callback whose memory a checkpoint keeps, in a section of its own.</summary>
internal interface ICheckpointedState
{
    /// <summary>The section's name in checkpoints, such as <c>early-stopping</c>.</summary>
    string StateName { get; }

    /// <summary>Writes the callback's memory.</summary>
    void WriteState(BinaryFileWriter writer);

    /// <summary>Reads what <see cref="WriteState"/> wrote, checking every value and every count against the bytes left.</summary>
    /// <param name="reader">The checkpoint, at the section's first byte.</param>
    /// <param name="trainer">The trainer being restored: its network, options and position are already read.</param>
    /// <exception cref="IOException">The checkpoint's exception: the section is not valid.</exception>
    void ReadState(BinaryFileReader reader, Trainer trainer);
}

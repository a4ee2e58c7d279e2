namespace NeuralNet.Data;

/// <summary>A report from <see cref="MnistDownloader"/>: which file, from where, how far, and what is happening.</summary>
/// <param name="FileName">The file concerned, such as <c>train-images-idx3-ubyte</c>; empty for a step that concerns all (running npm).</param>
/// <param name="Source">The URL or command the file comes from.</param>
/// <param name="BytesReceived">Bytes received so far from the source (compressed bytes for a download).</param>
/// <param name="TotalBytes">The source's size when it is known.</param>
/// <param name="Status">What is happening: <c>downloading</c>, <c>verified</c>, <c>failed: …</c>, <c>running</c>, <c>extracting</c>.</param>
public readonly record struct MnistDownloadProgress(string FileName, string Source, long BytesReceived, long? TotalBytes, string Status);

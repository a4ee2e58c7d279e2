using NeuralNet.Training;

namespace NeuralNet.Tests.Training;

/// <summary>An <see cref="IProgress{T}"/> that runs its handler on the trainer's thread at once (unlike <see cref="Progress{T}"/>).</summary>
internal sealed class SynchronousProgress(Action<TrainingProgress> handler) : IProgress<TrainingProgress>
{
    public void Report(TrainingProgress value) => handler(value);
}

using NeuralNet.Training;

namespace MnistTrainer.Display;

/// <summary>Progress as one line per epoch, for output that is not a terminal (files, pipes, tests).</summary>
/// <remarks>A run of many short epochs (full-batch gradient descent for 500 iterations) prints about 25 evenly spaced ones and the last; each but the last ends with the run's ETA.</remarks>
internal sealed class EpochLines : IProgress<TrainingProgress>
{
    private readonly TextWriter _writer;
    private readonly int _plannedEpochs;
    private readonly int _every;
    private readonly RunClock _clock;

    /// <summary>Creates the display; it writes to <paramref name="writer"/>.</summary>
    public EpochLines(TextWriter writer, int plannedEpochs)
    {
        _writer = writer;
        _plannedEpochs = plannedEpochs;
        _every = Math.Max(1, plannedEpochs / 25);
        _clock = new RunClock(plannedEpochs);
    }

    /// <summary>Prints the epochs that end.</summary>
    public void Report(TrainingProgress value)
    {
        TimeSpan? remaining = _clock.Remaining(value);
        if (value.IsEpochEnd && (value.Epoch % _every == 0 || value.Epoch >= _plannedEpochs || value.Epoch == 1))
        {
            _writer.WriteLine(EpochLine.Describe(value, _plannedEpochs, value.Epoch >= _plannedEpochs ? null : remaining));
        }
    }
}

using NeuralNet.IO;

namespace NeuralNet.Training;

/// <summary>The built-in callback that applies an <see cref="EarlyStopping"/> rule: it watches the validation metric and ends the run when it stops improving.</summary>
/// <remarks>
/// After each epoch: an improvement by more than the rule's minimum delta makes the epoch the best (and, with
/// <see cref="EarlyStopping.RestoreBestWeights"/>, copies its weights); any other epoch counts as bad, and after
/// <see cref="EarlyStopping.Patience"/> bad epochs in a row the run stops with the best weights back. Its memory (the best
/// value, its epoch, the bad epochs, the best weights) is in checkpoints.
/// </remarks>
internal sealed class EarlyStopper(EarlyStopping rule) : TrainingCallback, ICheckpointedState
{
    private ParameterSnapshot? _bestWeights;
    private double _bestMetric = double.NaN;
    private int _bestEpoch;
    private int _badEpochs;

    /// <summary>The rule applied; a continued run may change it and keep the memory.</summary>
    public EarlyStopping Rule { get; set; } = rule;

    /// <inheritdoc />
    public string StateName => "early-stopping";

    /// <inheritdoc />
    public override void OnEpochEnd(TrainingContext context, EpochRecord record)
    {
        double value = Rule.ValueOf(record);
        if (Rule.Improves(value, _bestMetric))
        {
            _bestMetric = value;
            _bestEpoch = record.Epoch;
            _badEpochs = 0;
            if (Rule.RestoreBestWeights)
            {
                (_bestWeights ??= new ParameterSnapshot(context.Network.Parameters)).Capture(context.Network.Parameters);
            }
        }
        else
        {
            _badEpochs++;
        }

        context.Trainer.History.BestEpoch = _bestEpoch == 0 ? null : _bestEpoch;
        if (_badEpochs < Rule.Patience)
        {
            return;
        }

        if (Rule.RestoreBestWeights && _bestWeights is { IsCaptured: true } best)
        {
            best.Restore(context.Network.Parameters);
        }

        context.Finish(StopReason.EarlyStopped);
    }

    /// <inheritdoc />
    public void WriteState(BinaryFileWriter writer)
    {
        writer.WriteDouble(_bestMetric);
        writer.WriteCount(_bestEpoch);
        writer.WriteCount(_badEpochs);
        bool captured = _bestWeights is { IsCaptured: true };
        writer.WriteUInt32(captured ? 1u : 0u);
        if (captured)
        {
            for (int i = 0; i < _bestWeights!.Count; i++)
            {
                writer.WriteSingles(_bestWeights[i]);
            }
        }
    }

    /// <inheritdoc />
    public void ReadState(BinaryFileReader reader, Trainer trainer)
    {
        Network network = trainer.Network;
        int completedEpochs = trainer.CompletedEpochs;
        _bestMetric = reader.ReadDouble("early stopping's best value");
        _bestEpoch = reader.ReadCount("early stopping's best epoch", 0, completedEpochs);
        _badEpochs = reader.ReadCount("early stopping's epochs without improvement", 0, completedEpochs);
        int flagOffset = reader.Offset;
        uint hasBest = reader.ReadUInt32("the best-weights flag");
        if (hasBest > 1)
        {
            throw reader.Error(flagOffset, $"the best-weights flag is {hasBest}; it must be 0 or 1.");
        }

        if (hasBest == 1)
        {
            reader.RequireBytes(network.ParameterCount * sizeof(float), "early stopping's best weights");
            var best = new ParameterSnapshot(network.Parameters);
            for (int i = 0; i < network.Parameters.Count; i++)
            {
                float[] values = new float[network.Parameters[i].Length];
                reader.ReadSingles(values, $"early stopping's best weights of parameter {i}");
                best.Load(i, values);
            }

            _bestWeights = best;
        }
    }
}

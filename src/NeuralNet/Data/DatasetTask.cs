namespace NeuralNet.Data;

/// <summary>What a dataset's samples are to be learned for: a class per sample, or real-valued targets.</summary>
public enum DatasetTask
{
    /// <summary>Each sample has a class index (<see cref="Dataset.Labels"/>), or none for unlabelled data.</summary>
    Classification,

    /// <summary>Each sample has real-valued targets (<see cref="Dataset.Targets"/>, one column per sample).</summary>
    Regression,
}

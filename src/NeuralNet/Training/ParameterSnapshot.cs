using System.Runtime.CompilerServices;
using NeuralNet.Layers;

namespace NeuralNet.Training;

/// <summary>A copy of a network's parameter values, taken and put back without allocating after the first capture.</summary>
/// <remarks>Early stopping keeps the best epoch's weights in one; divergence recovery keeps the last finite ones in another.</remarks>
internal sealed class ParameterSnapshot
{
    private readonly float[][] _values;

    public ParameterSnapshot(IReadOnlyList<Parameter> parameters)
    {
        _values = new float[parameters.Count][];
        for (int i = 0; i < _values.Length; i++)
        {
            _values[i] = new float[parameters[i].Length];
        }
    }

    /// <summary>The number of parameters held.</summary>
    public int Count => _values.Length;

    /// <summary>Whether <see cref="Capture"/> has run.</summary>
    public bool IsCaptured { get; private set; }

    /// <summary>The captured values of parameter <paramref name="index"/>.</summary>
    public ReadOnlySpan<float> this[int index] => _values[index];

    /// <summary>Copies the current values in.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Capture(IReadOnlyList<Parameter> parameters)
    {
        for (int i = 0; i < _values.Length; i++)
        {
            parameters[i].ValueSpan.CopyTo(_values[i]);
        }

        IsCaptured = true;
    }

    /// <summary>Copies the captured values back into the parameters.</summary>
    public void Restore(IReadOnlyList<Parameter> parameters)
    {
        for (int i = 0; i < _values.Length; i++)
        {
            _values[i].CopyTo(parameters[i].ValueSpan);
        }
    }

    /// <summary>Sets the captured values (from a checkpoint).</summary>
    public void Load(int index, ReadOnlySpan<float> values)
    {
        values.CopyTo(_values[index]);
        IsCaptured = true;
    }
}

using System.Globalization;
using System.Numerics.Tensors;
using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Compute;

namespace NeuralNet.Data;

/// <summary>The affine map from raw input features to what the network computes with: <c>x′ = x·scale + shift</c>.</summary>
/// <remarks>
/// <para>Datasets apply it when they load (pixels divided by 255 by default), and a network carries it (see
/// <see cref="Network.InputScaling"/>) so that <see cref="Network.Predict(ReadOnlySpan{float})"/> takes raw pixels and a
/// saved model answers the same later. Scale and shift are either one value for every feature or one per feature.</para>
/// <para>Immutable, and so safe to share.</para>
/// </remarks>
public sealed class InputScaling : IEquatable<InputScaling>
{
    private readonly float[] _scale;
    private readonly float[] _shift;

    private InputScaling(string kind, float[] scale, float[] shift)
    {
        Kind = kind;
        _scale = scale;
        _shift = shift;
    }

    /// <summary>No scaling: the network sees the raw values.</summary>
    public static InputScaling None { get; } = new("none", [1f], [0f]);

    /// <summary>Pixels 0–255 to [0, 1]: divides by 255, as the tutorials do.</summary>
    public static InputScaling UnitRange { get; } = new("unit-range", [1f / 255f], [0f]);

    /// <summary>A kind such as <c>none</c>, <c>unit-range</c>, <c>standardize</c> or <c>affine</c>.</summary>
    public string Kind { get; }

    /// <summary>The factors: one for every feature (length 1) or one per feature.</summary>
    public ReadOnlySpan<float> Scale => _scale;

    /// <summary>The offsets added after scaling, as long as <see cref="Scale"/>.</summary>
    public ReadOnlySpan<float> Shift => _shift;

    /// <summary>Whether this scaling changes nothing.</summary>
    public bool IsIdentity => _scale.Length == 1 && _scale[0] == 1f && _shift[0] == 0f;

    /// <summary>Creates <c>x′ = (x − mean) / std</c>, either with one mean and deviation for all features or one per feature.</summary>
    /// <exception cref="ArgumentException">The spans differ in length, are empty, or a deviation is not positive and finite.</exception>
    public static InputScaling Standardize(ReadOnlySpan<float> means, ReadOnlySpan<float> standardDeviations)
    {
        if (means.Length == 0 || means.Length != standardDeviations.Length)
        {
            throw new ArgumentException(
                $"Standardization needs as many means as deviations (at least one); got {means.Length} and {standardDeviations.Length}.",
                nameof(standardDeviations));
        }

        var scale = new float[means.Length];
        var shift = new float[means.Length];
        for (int i = 0; i < means.Length; i++)
        {
            float std = standardDeviations[i];
            if (!(std > 0f) || float.IsInfinity(std))
            {
                throw new ArgumentException(
                    $"Standard deviation {i} is {std.ToString(CultureInfo.InvariantCulture)}; it must be positive and finite.",
                    nameof(standardDeviations));
            }

            scale[i] = 1f / std;
            shift[i] = -means[i] / std;
        }

        return new InputScaling("standardize", scale, shift);
    }

    /// <summary>Creates <c>x′ = x·scale + shift</c> from explicit factors (length 1 or one per feature), as stored in a model file.</summary>
    /// <exception cref="ArgumentException">The spans are empty, differ in length, or hold a value that is not finite.</exception>
    public static InputScaling Affine(string kind, ReadOnlySpan<float> scale, ReadOnlySpan<float> shift)
    {
        ArgumentNullException.ThrowIfNull(kind);
        if (scale.Length == 0 || scale.Length != shift.Length)
        {
            throw new ArgumentException($"An affine scaling needs as many shifts as scales (at least one); got {scale.Length} and {shift.Length}.", nameof(shift));
        }

        if (!TensorPrimitives.IsFiniteAll(scale) || !TensorPrimitives.IsFiniteAll(shift))
        {
            throw new ArgumentException("An affine scaling's factors must all be finite.", nameof(scale));
        }

        return kind switch
        {
            "none" when scale.Length == 1 && scale[0] == 1f && shift[0] == 0f => None,
            "unit-range" when scale.Length == 1 && scale[0] == 1f / 255f && shift[0] == 0f => UnitRange,
            _ => new InputScaling(kind, scale.ToArray(), shift.ToArray()),
        };
    }

    /// <summary>Throws unless this scaling fits samples of <paramref name="features"/> features.</summary>
    /// <exception cref="ArgumentException">The scaling is per feature for another feature count.</exception>
    public void CheckFeatures(int features)
    {
        if (_scale.Length != 1 && _scale.Length != features)
        {
            throw new ArgumentException($"This {Kind} scaling is for {_scale.Length} features but the samples have {features}.");
        }
    }

    /// <summary>Scales one sample: <c>destination = raw·scale + shift</c>.</summary>
    /// <exception cref="ArgumentException">The lengths do not fit.</exception>
    public void Apply(ReadOnlySpan<float> raw, Span<float> destination)
    {
        CheckFeatures(raw.Length);
        if (destination.Length != raw.Length)
        {
            throw new ArgumentException($"The destination holds {destination.Length} values but the sample has {raw.Length}.", nameof(destination));
        }

        if (_scale.Length == 1)
        {
            TensorPrimitives.Multiply(raw, _scale[0], destination);
            TensorPrimitives.Add(destination, _shift[0], destination);
        }
        else
        {
            TensorPrimitives.FusedMultiplyAdd(raw, _scale, _shift, destination);
        }
    }

    /// <summary>Scales every column of <paramref name="raw"/> into <paramref name="destination"/> (which may be <paramref name="raw"/>).</summary>
    /// <exception cref="ArgumentException">The shapes do not fit.</exception>
    public void Apply(Matrix<float> raw, Matrix<float> destination)
    {
        ArgumentNullException.ThrowIfNull(raw);
        MatrixSpans.RequireShape(destination, raw.RowCount, raw.ColumnCount, "The scaled batch", nameof(destination));
        CheckFeatures(raw.RowCount);
        ReadOnlySpan<float> source = MatrixSpans.Values(raw);
        Span<float> target = MatrixSpans.Values(destination);
        if (_scale.Length == 1)
        {
            TensorPrimitives.Multiply(source, _scale[0], target);
            TensorPrimitives.Add(target, _shift[0], target);
            return;
        }

        int rows = raw.RowCount;
        for (int offset = 0; offset < source.Length; offset += rows)
        {
            TensorPrimitives.FusedMultiplyAdd(source.Slice(offset, rows), _scale, _shift, target.Slice(offset, rows));
        }
    }

    /// <inheritdoc />
    public bool Equals(InputScaling? other) =>
        other is not null && Kind == other.Kind && _scale.AsSpan().SequenceEqual(other._scale) && _shift.AsSpan().SequenceEqual(other._shift);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as InputScaling);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, _scale.Length, _scale[0], _shift[0]);

    /// <summary>Describes the scaling, such as <c>unit-range (x/255)</c>.</summary>
    public override string ToString() => Kind switch
    {
        "none" => "none",
        "unit-range" => "unit-range (x/255)",
        _ => $"{Kind} ({_scale.Length} factor{(_scale.Length == 1 ? "" : "s")})",
    };
}

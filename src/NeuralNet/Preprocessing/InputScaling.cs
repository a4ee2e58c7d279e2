using System.Globalization;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Compute;

namespace NeuralNet.Preprocessing;

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
            throw FeatureMismatch(features);
        }
    }

    /// <summary>Scales one sample: <c>destination = raw·scale + shift</c>.</summary>
    /// <exception cref="ArgumentException">The lengths do not fit.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Apply(ReadOnlySpan<float> raw, Span<float> destination)
    {
        CheckFeatures(raw.Length);
        if (destination.Length != raw.Length)
        {
            throw DestinationMismatch(destination.Length, raw.Length, nameof(destination));
        }

        if (_scale.Length == 1)
        {
            // The library's own loops (TensorPrimitives' bits), optimized from the first call (see Compute.Elementwise).
            SpanKernels.Multiply(raw, _scale[0], destination);
            SpanKernels.Add(destination, _shift[0], destination);
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
            SpanKernels.Multiply(source, _scale[0], target);
            SpanKernels.Add(target, _shift[0], target);
            return;
        }

        int rows = raw.RowCount;
        for (int offset = 0; offset < source.Length; offset += rows)
        {
            TensorPrimitives.FusedMultiplyAdd(source.Slice(offset, rows), _scale, _shift, target.Slice(offset, rows));
        }
    }

    /// <summary>Returns the scaling that applies this one and then <paramref name="next"/>: <c>x′ = (x·scale + shift)·next.scale + next.shift</c>.</summary>
    /// <remarks>
    /// This is how a standardization computed on already-scaled inputs becomes one map from raw values, which a network
    /// can carry: unit-range followed by standardize(mean, std) is standardize(255·mean, 255·std) on raw pixels, and keeps
    /// the kind <c>standardize</c>.
    /// </remarks>
    /// <exception cref="ArgumentException">Both scalings are per feature, for different feature counts.</exception>
    public InputScaling Then(InputScaling next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (next.IsIdentity)
        {
            return this;
        }

        if (IsIdentity)
        {
            return next;
        }

        if (_scale.Length != 1 && next._scale.Length != 1 && _scale.Length != next._scale.Length)
        {
            throw new ArgumentException($"Cannot follow this {Kind} scaling of {_scale.Length} features with a {next.Kind} scaling of {next._scale.Length}.", nameof(next));
        }

        int length = Math.Max(_scale.Length, next._scale.Length);
        var scale = new float[length];
        var shift = new float[length];
        for (int i = 0; i < length; i++)
        {
            double a = _scale[_scale.Length == 1 ? 0 : i], b = _shift[_shift.Length == 1 ? 0 : i];
            double c = next._scale[next._scale.Length == 1 ? 0 : i], d = next._shift[next._shift.Length == 1 ? 0 : i];
            scale[i] = (float)(a * c);
            shift[i] = (float)((b * c) + d);
        }

        return new InputScaling(next.Kind == "standardize" ? "standardize" : "affine", scale, shift);
    }

    /// <summary>Returns the map from values scaled by this scaling to values scaled by <paramref name="target"/>, both of the same raw values.</summary>
    /// <exception cref="InvalidOperationException">This scaling has a zero factor, so the raw values cannot be recovered.</exception>
    /// <exception cref="ArgumentException">Both scalings are per feature, for different feature counts.</exception>
    internal InputScaling To(InputScaling target)
    {
        if (_scale.AsSpan().Contains(0f))
        {
            throw new InvalidOperationException($"This {Kind} scaling maps some feature to a constant, so the raw values cannot be recovered.");
        }

        if (_scale.Length != 1 && target._scale.Length != 1 && _scale.Length != target._scale.Length)
        {
            throw new ArgumentException($"Cannot convert from this {Kind} scaling of {_scale.Length} features to a {target.Kind} scaling of {target._scale.Length}.", nameof(target));
        }

        // raw = (x − shift) / scale, so x_target = raw·s′ + t′ = x·(s′/scale) + (t′ − shift·s′/scale); computed in double.
        int length = Math.Max(_scale.Length, target._scale.Length);
        var scale = new float[length];
        var shift = new float[length];
        for (int i = 0; i < length; i++)
        {
            double a = _scale[_scale.Length == 1 ? 0 : i], b = _shift[_shift.Length == 1 ? 0 : i];
            double c = target._scale[target._scale.Length == 1 ? 0 : i], d = target._shift[target._shift.Length == 1 ? 0 : i];
            scale[i] = (float)(c / a);
            shift[i] = (float)(d - (b * c / a));
        }

        return new InputScaling("affine", scale, shift);
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

    // The messages are built apart, compiled only when one is thrown (see the remarks of Compute.Elementwise).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private ArgumentException FeatureMismatch(int features) =>
        new($"This {Kind} scaling is for {_scale.Length} features but the samples have {features}.");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ArgumentException DestinationMismatch(int destination, int sample, string parameterName) =>
        new($"The destination holds {destination} values but the sample has {sample}.", parameterName);
}

using NeuralNet.Activations;
using NeuralNet.Compute;
using NeuralNet.Optimizers;

namespace NeuralNet.Tests.Compute;

/// <summary>Runs every elementwise operator of the library through <see cref="Elementwise"/> and through <see cref="ScalarReference"/>, and lists where the bits differ.</summary>
/// <remarks>Shared by the in-process tests and by the child processes that repeat them on narrower vectors
/// (<c>dotnet exec NeuralNet.Tests.dll operator-checks</c>, see <see cref="Program"/>).</remarks>
internal static class OperatorChecks
{
    /// <summary>Lengths around the vector widths (4, 8, 16 floats), so that the vector body and the scalar tail both run, and from 64 K on, where updates split in two halves.</summary>
    public static readonly int[] Lengths = [1, 3, 4, 7, 8, 9, 15, 16, 17, 31, 33, 1003, 65_536, 65_539, 150_001];

    private static readonly float[] Specials =
        [float.NaN, float.PositiveInfinity, float.NegativeInfinity, -0f, 0f, float.Epsilon, -float.Epsilon, float.MaxValue, float.MinValue, 1e-30f];

    private static readonly Dictionary<string, Func<int, string?>> Checks = new()
    {
        ["Relu.Function"] = n => Unary(default(Relu.Function), n),
        ["Relu.Derivative"] = n => Binary(default(Relu.Derivative), n),
        ["LeakyRelu.Function"] = n => Unary(new LeakyRelu.Function(0.01f), n),
        ["LeakyRelu.Derivative"] = n => Binary(new LeakyRelu.Derivative(0.2f), n),
        ["Identity.Function"] = n => Unary(default(Identity.Function), n),
        ["Sigmoid.Derivative"] = n => Binary(default(Sigmoid.Derivative), n),
        ["Tanh.Derivative"] = n => Binary(default(Tanh.Derivative), n),
        ["Softmax.Derivative"] = n => Binary(new Softmax.Derivative(0.37f), n),
        ["Exponential"] = n => Unary(default(Exponential), n),
        ["Sigmoid.Function"] = n => Unary(default(Sigmoid.Function), n),
        ["Sgd.Rule"] = n => Rule(new Sgd.Rule(0.05f), n),
        ["Momentum.Rule, first step"] = n => Rule(new Momentum.Rule(0.05f, 0.9f, 0.1f, firstStep: true), n),
        ["Momentum.Rule"] = n => Rule(new Momentum.Rule(0.05f, 0.9f, 0.1f, firstStep: false), n),
        ["Nesterov.Rule"] = n => Rule(new Nesterov.Rule(0.05f, 0.9f), n),
        ["RmsProp.Rule"] = n => Rule(new RmsProp.Rule(0.01f, 0.99f, 1e-8f), n),
        ["RmsProp.RuleWithMomentum"] = n => Rule(new RmsProp.RuleWithMomentum(0.01f, 0.99f, 1e-8f, 0.9f), n),
        ["Adam.Rule, step 1"] = n => Rule(Adam.Rule.At(1, 1e-3f, 0.9f, 0.999f, 1e-8f), n),
        ["Adam.Rule, step 1000"] = n => Rule(Adam.Rule.At(1000, 1e-3f, 0.9f, 0.999f, 1e-8f), n),
        ["AdamW.Rule"] = n => Rule(new AdamW.Rule(1e-3f, 0.01f, Adam.Rule.At(3, 1e-3f, 0.9f, 0.999f, 0f)), n),
    };

    public static IEnumerable<string> Names => Checks.Keys;

    /// <summary>Where operator <paramref name="name"/> differs from its scalar form, one line per length; empty when it never does.</summary>
    public static List<string> Mismatches(string name)
    {
        _ = ComputeBackend.Current; // choose a backend, so that the helper thread exists and long updates split
        var found = new List<string>();
        foreach (int length in Lengths)
        {
            if (Checks[name](length) is { } difference)
            {
                found.Add($"{name}, {length} values: {difference}");
            }
        }

        return found;
    }

    /// <summary>The child process's entry: checks every operator, prints each mismatch and a summary; returns 0 when none differs.</summary>
    public static int RunAll(TextWriter output)
    {
        int mismatches = 0;
        foreach (string name in Names)
        {
            foreach (string line in Mismatches(name))
            {
                output.WriteLine(line);
                mismatches++;
            }
        }

        output.WriteLine($"{Checks.Count} operators, {mismatches} mismatches; Vector<float> holds {System.Numerics.Vector<float>.Count} floats, Vector512 accelerated: {System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated}, Vector256 accelerated: {System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated}");
        return mismatches == 0 ? 0 : 1;
    }

    private static string? Unary<TOperator>(TOperator f, int length)
        where TOperator : struct, IUnaryOperator
    {
        float[] x = Values(length, seed: 1);
        float[] fast = new float[length];
        float[] reference = new float[length];
        Elementwise.Map(f, x, fast);
        ScalarReference.Map(f, x, reference);
        return FirstDifference("result", fast, reference);
    }

    /// <summary>The first element where <paramref name="f"/>'s driver path and scalar form differ, or null.</summary>
    public static string? Binary<TOperator>(TOperator f, int length)
        where TOperator : struct, IBinaryOperator
    {
        float[] x = Values(length, seed: 2);
        float[] y = Values(length, seed: 3);
        float[] fast = new float[length];
        float[] reference = new float[length];
        Elementwise.Map(f, x, y, fast);
        ScalarReference.Map(f, x, y, reference);
        return FirstDifference("result", fast, reference);
    }

    private static string? Rule<TRule>(TRule rule, int length)
        where TRule : unmanaged, IUpdateRule
    {
        float[] value = Values(length, seed: 4);
        float[] gradient = Values(length, seed: 5);
        float[] state0 = Values(length, seed: 6);
        float[] state1 = Values(length, seed: 7, nonNegative: true); // a running mean of squares
        float[][] reference = [(float[])value.Clone(), (float[])state0.Clone(), (float[])state1.Clone()];

        bool fastFinite = Elementwise.Update(rule, value, gradient, state0, state1);
        bool referenceFinite = ScalarReference.Update(rule, reference[0], gradient, reference[1], reference[2]);

        return FirstDifference("θ", value, reference[0])
            ?? FirstDifference("state 0", state0, reference[1])
            ?? FirstDifference("state 1", state1, reference[2])
            ?? (fastFinite == referenceFinite ? null : $"the driver says all finite is {fastFinite}, the reference {referenceFinite}");
    }

    /// <summary>Random values of both signs with the special values (NaN, ±∞, ±0, subnormals, the extremes) at the start, in the vector body, at the middle (where an update splits) and in the tail.</summary>
    private static float[] Values(int length, int seed, bool nonNegative = false)
    {
        var random = new Random(seed * 7919 + length);
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            double v = random.NextDouble() - (nonNegative ? 0 : 0.5);
            values[i] = (float)(v * (random.Next(4) == 0 ? 1e-4 : 4));
        }

        int[] places = [0, 5, 13, (length / 2) - 1, length / 2, length - 2, length - 1];
        for (int k = 0; k < places.Length; k++)
        {
            int at = places[k];
            if (at >= 0 && at < length && (!nonNegative || k % 3 == 0))
            {
                float special = Specials[(seed + k) % Specials.Length];
                values[at] = nonNegative ? Math.Abs(special) : special;
            }
        }

        return values;
    }

    private static string? FirstDifference(string what, float[] fast, float[] reference)
    {
        for (int i = 0; i < fast.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(fast[i]) != BitConverter.SingleToInt32Bits(reference[i]))
            {
                return $"{what}[{i}] is {fast[i]:R} (0x{BitConverter.SingleToInt32Bits(fast[i]):X8}) but the scalar form gives {reference[i]:R} (0x{BitConverter.SingleToInt32Bits(reference[i]):X8})";
            }
        }

        return null;
    }
}

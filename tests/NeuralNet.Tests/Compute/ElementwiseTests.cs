using System.Collections.Concurrent;
using NeuralNet.Compute;
using NeuralNet.Optimizers;
using Lanes = System.Numerics.Vector<float>; // the tests import MathNet.Numerics.LinearAlgebra, which has a Vector<T> too

namespace NeuralNet.Tests.Compute;

// Long updates run on the products' helper thread, which these tests hold and the backend tests replace: run alone.
[Collection(nameof(GlobalBackend))]
public sealed class ElementwiseTests : IDisposable
{
    // Lengths around the vector width, so both the vector loop and the scalar tail run, and one long enough to split.
    public static TheoryData<int> Lengths() => [1, 3, 7, 8, 9, 10, 16, 17, 31, 1000, 1003, 150_001];

    public ElementwiseTests()
    {
        ComputeBackend.ThreadsPerProduct = 2; // one helper thread, whatever the machine
        _ = ComputeBackend.Current;
    }

    public void Dispose() => ComputeBackend.Reset();

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Update_FoldedCheck_WritesTheRuleAndFindsOverflowAnywhere(int length)
    {
        float[] x = Values(length, seed: 4);
        float[] y = Values(length, seed: 5);
        float[] expected = new float[length];
        SpanKernels.MultiplyAdd(x, 0.25f, y, expected);
        float[] ours = (float[])y.Clone();

        Elementwise.Update(new MultiplyAdd(0.25f), ours, x).Should().BeTrue();
        ours.Should().Equal(expected);

        foreach (int at in new[] { 0, length / 2, length - 1 })
        {
            float kept = x[at];
            x[at] = float.MaxValue;
            Elementwise.Update(new MultiplyAdd(4f), (float[])y.Clone(), x).Should().BeFalse($"float.MaxValue·4 overflows to +∞ at {at} of {length}");
            x[at] = kept;
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void AllFinite_OneNaNOrInfinityAnywhere_IsFalse(int length)
    {
        float[] x = Values(length, seed: 3);
        Elementwise.AllFinite(x).Should().BeTrue();

        foreach (float bad in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity })
        {
            for (int at = 0; at < length; at += Math.Max(1, length / 7))
            {
                float kept = x[at];
                x[at] = bad;
                Elementwise.AllFinite(x).Should().BeFalse($"{bad} at {at} of {length}");
                x[at] = kept;
            }
        }

        float[] extremes = [float.MaxValue, float.MinValue, float.Epsilon, -0f];
        Elementwise.AllFinite(extremes).Should().BeTrue("the largest and the subnormal values are finite");
    }

    [Fact]
    public void Update_LongParameter_RunsItsSecondHalfOnTheHelperThread()
    {
        Meeting.Threads.Clear();
        float[] value = Values(150_001, seed: 8);
        float[] gradient = Values(150_001, seed: 9);
        float[] expected = value.Zip(gradient, (t, g) => t + g).ToArray();

        Elementwise.Update(default(MeetingRule), value, gradient).Should().BeTrue();

        Meeting.Threads.Should().HaveCount(2, "the caller updates one half while the helper updates the other");
        value.Should().Equal(expected);
    }

    [Fact]
    public async Task Update_HelperThreadBusy_RunsBothHalvesOnTheCallerWithTheSameBits()
    {
        Gate.Open.Reset();
        Gate.Entered.Reset();
        float[] held = new float[100_000];
        Task holder = Task.Run(() => Elementwise.Update(default(GatedRule), held, new float[held.Length]));
        Gate.Entered.Wait(TimeSpan.FromSeconds(10)).Should().BeTrue("the first update holds the helper thread");
        float[] value = Values(150_001, seed: 10);
        float[] gradient = Values(150_001, seed: 11);
        float[] expected = (float[])value.Clone();
        ScalarReference.Update(new Sgd.Rule(0.05f), expected, gradient, [], []);

        bool finite = Elementwise.Update(new Sgd.Rule(0.05f), value, gradient);
        bool stillHeld = !holder.IsCompleted;
        Gate.Open.Set();
        await holder.WaitAsync(TimeSpan.FromSeconds(10));

        stillHeld.Should().BeTrue("the update above ran while the helper was taken");
        finite.Should().BeTrue();
        value.Select(BitConverter.SingleToInt32Bits).Should().Equal(expected.Select(BitConverter.SingleToInt32Bits));
        held.Should().OnlyContain(v => v == 1f, "the held update finished too");
    }

    [Fact]
    public void Update_StateShorterThanTheValue_ThrowsWithTheLengths()
    {
        Action update = () => Elementwise.Update(new Momentum.Rule(0.1f, 0.9f, 0f, firstStep: false), new float[5], new float[5], new float[4]);

        update.Should().Throw<ArgumentException>().WithMessage("*5 values*5 gradients*4*");
    }

    [Fact]
    public void Map_DestinationShorterThanTheInput_ThrowsWithTheLengths()
    {
        Action map = () => Elementwise.Map(default(NeuralNet.Activations.Relu.Function), new float[6], new float[5]);

        map.Should().Throw<ArgumentException>().WithMessage("*6*6*5*");
    }

    private static float[] Values(int length, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => (float)((random.NextDouble() - 0.5) * 10)).ToArray();
    }

    /// <summary><c>θ ← g·factor + θ</c>: TensorPrimitives.MultiplyAdd as an update rule.</summary>
    private readonly struct MultiplyAdd(float factor) : IUpdateRule
    {
        public static int StateCount => 0;

        public float Update(float theta, float g, ref float unused0, ref float unused1) => (g * factor) + theta;

        public Lanes Update(Lanes theta, Lanes g, ref Lanes unused0, ref Lanes unused1) => (g * factor) + theta;
    }

    /// <summary><c>θ ← θ + g</c>, each thread waiting at its first element until two threads run the rule (at most 10 s).</summary>
    private readonly struct MeetingRule : IUpdateRule
    {
        public static int StateCount => 0;

        public float Update(float theta, float g, ref float unused0, ref float unused1)
        {
            Meeting.Arrive();
            return theta + g;
        }

        public Lanes Update(Lanes theta, Lanes g, ref Lanes unused0, ref Lanes unused1)
        {
            Meeting.Arrive();
            return theta + g;
        }
    }

    private static class Meeting
    {
        public static readonly ConcurrentDictionary<int, bool> Threads = new();

        public static void Arrive()
        {
            if (Threads.TryAdd(Environment.CurrentManagedThreadId, true))
            {
                SpinWait.SpinUntil(() => Threads.Count >= 2, TimeSpan.FromSeconds(10));
            }
        }
    }

    /// <summary><c>θ ← θ + 1</c>, each element waiting until the gate opens (at most 10 s).</summary>
    private readonly struct GatedRule : IUpdateRule
    {
        public static int StateCount => 0;

        public float Update(float theta, float g, ref float unused0, ref float unused1)
        {
            Gate.Pass();
            return theta + 1f;
        }

        public Lanes Update(Lanes theta, Lanes g, ref Lanes unused0, ref Lanes unused1)
        {
            Gate.Pass();
            return theta + Lanes.One;
        }
    }

    private static class Gate
    {
        public static readonly ManualResetEventSlim Open = new(false);
        public static readonly ManualResetEventSlim Entered = new(false);

        public static void Pass()
        {
            Entered.Set();
            Open.Wait(TimeSpan.FromSeconds(10));
        }
    }
}

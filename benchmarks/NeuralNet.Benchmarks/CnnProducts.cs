using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Compute;
using NeuralNet.Layers;

namespace NeuralNet.Benchmarks;

/// <summary>Exactly the matrix products of one training step of a CNN, cut over the cores the same way, on buffers of their own.</summary>
/// <remarks>
/// Per convolution and sample j (P positions, K = C_in·k·k taps): forward <c>Z_j = Q_j·W</c>, backward <c>Q_jᵀ·dZ_j</c> and,
/// but for the first layer, <c>dQ_j = dZ_j·Wᵀ</c>, with the samples in one range per core as <see cref="Conv2D"/> runs them;
/// per dense layer the three products of <see cref="StepProducts"/>. No im2col, col2im, bias, activation or pooling.
/// </remarks>
internal sealed unsafe class CnnProducts
{
    private readonly List<Conv> _convs = [];
    private readonly List<(Matrix<float> W, Matrix<float> A, Matrix<float> Z, Matrix<float> DW, Matrix<float> DA)> _dense = [];
    private readonly int _batchSize;

    public CnnProducts(Network network, int batchSize)
    {
        _batchSize = batchSize;
        var random = new Random(3);
        float[] Fill(long n) => Enumerable.Range(0, (int)n).Select(_ => (float)random.NextDouble()).ToArray();
        Matrix<float> Dense(int rows, int columns) => Matrix<float>.Build.Dense(rows, columns, (_, _) => (float)random.NextDouble());
        foreach (Layer layer in network.Layers)
        {
            if (layer is Conv2D conv)
            {
                int positions = conv.OutputShape.Height * conv.OutputShape.Width;
                int taps = conv.Weights.Value.RowCount;
                int parts = SampleParallel.Parts(batchSize, (long)positions * taps * conv.OutputChannels, 1L << 19);
                _convs.Add(new Conv(positions, taps, conv.OutputChannels, parts, _convs.Count == 0, Fill((long)parts * positions * taps), Fill((long)taps * conv.OutputChannels), Fill((long)parts * taps * conv.OutputChannels), Fill((long)positions * conv.OutputChannels * batchSize)));
            }
            else if (layer is DenseLayer dense)
            {
                _dense.Add((Dense(dense.OutputSize, dense.InputSize), Dense(dense.InputSize, batchSize), Dense(dense.OutputSize, batchSize), Dense(dense.OutputSize, dense.InputSize), Dense(dense.InputSize, batchSize)));
            }
        }
    }

    public void Run()
    {
        MatrixMultiplier gemm = ComputeBackend.Multiplier;
        foreach (Conv conv in _convs)
        {
            RunConv(conv, forward: true);
        }

        foreach (var d in _dense)
        {
            gemm.Multiply(d.W, d.A, d.Z);
        }

        for (int l = _dense.Count - 1; l >= 0; l--)
        {
            var d = _dense[l];
            gemm.MultiplyTransposeRight(d.Z, d.A, d.DW, 1f / _batchSize);
            gemm.MultiplyTransposeLeft(d.W, d.Z, d.DA);
        }

        for (int l = _convs.Count - 1; l >= 0; l--)
        {
            RunConv(_convs[l], forward: false);
        }
    }

    private void RunConv(Conv conv, bool forward)
    {
        fixed (float* q = conv.Columns, w = conv.Weights, t = conv.Temporary, z = conv.Outputs)
        {
            var job = new Job { Q = q, W = w, T = t, Z = z, Positions = conv.Positions, Taps = conv.Taps, Channels = conv.Channels, Parts = conv.Parts, Samples = _batchSize, Forward = forward, First = conv.First };
            SampleParallel.Run(&Part, &job, conv.Parts);
        }
    }

    private static void Part(void* state, int part)
    {
        Job* job = (Job*)state;
        MatrixMultiplier gemm = ComputeBackend.Multiplier;
        int p = job->Positions, k = job->Taps, c = job->Channels;
        var q = new Span<float>(job->Q + ((long)part * p * k), p * k);
        var w = new ReadOnlySpan<float>(job->W, k * c);
        var t = new Span<float>(job->T + ((long)part * k * c), k * c);
        bool single = job->Parts > 1;
        int end = SampleParallel.Start(job->Samples, part + 1, job->Parts);
        for (int j = SampleParallel.Start(job->Samples, part, job->Parts); j < end; j++)
        {
            var z = new Span<float>(job->Z + ((long)j * p * c), p * c);
            if (job->Forward)
            {
                gemm.Multiply(false, false, p, c, k, 1f, q, p, w, k, z, p, single);
                continue;
            }

            gemm.Multiply(true, false, k, c, p, 1f, q, p, z, p, t, k, single);
            if (!job->First)
            {
                gemm.Multiply(false, true, p, k, c, 1f, z, p, w, k, q, p, single);
            }
        }
    }

    private sealed record Conv(int Positions, int Taps, int Channels, int Parts, bool First, float[] Columns, float[] Weights, float[] Temporary, float[] Outputs);

    private struct Job
    {
        public float* Q;
        public float* W;
        public float* T;
        public float* Z;
        public int Positions;
        public int Taps;
        public int Channels;
        public int Parts;
        public int Samples;
        public bool Forward;
        public bool First;
    }
}

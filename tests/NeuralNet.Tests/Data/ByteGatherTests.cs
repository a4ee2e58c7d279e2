using NeuralNet.Compute;
using NeuralNet.Data;
using NeuralNet.Losses;
using NeuralNet.Optimizers;
using NeuralNet.Preprocessing;
using NeuralNet.Tests.TestData;
using NeuralNet.Training;

namespace NeuralNet.Tests.Data;

/// <summary>A set read from an IDX file of bytes gathers its batches from those bytes: the same batches, bit for bit, as from its floats, and only while nobody else holds the floats.</summary>
public sealed class ByteGatherTests : IDisposable
{
    private const int Features = 784;
    private const int Samples = 600;

    private readonly TempDirectory _folder = new();
    private readonly string _images;
    private readonly string _labels;

    public ByteGatherTests()
    {
        // Four fifths zeros, as in pictures, and every byte value among the rest.
        var random = new Random(5);
        byte[] pixels = new byte[Features * Samples];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = random.Next(5) == 0 ? (byte)random.Next(256) : (byte)0;
        }

        _images = _folder.Write("images.idx", IdxBytes.Bytes([Samples, 28, 28], pixels));
        _labels = _folder.Write("labels.idx", IdxBytes.Build(0x08, [Samples], Enumerable.Range(0, Samples).Select(j => (byte)(j % 10)).ToArray()));
    }

    public static TheoryData<string> Scalings => ["none", "unit-range", "standardized"];

    public void Dispose() => _folder.Dispose();

    [Theory]
    [MemberData(nameof(Scalings))]
    public void FillBatch_FromTheFileBytes_EqualsTheColumnsOfTheFloatsBitForBit(string scaling)
    {
        _ = ComputeBackend.Current; // the helper threads exist, so the large batch is copied in two halves
        Dataset data = DatasetLoader.LoadIdx(_images, _labels, ScalingNamed(scaling));
        data.GathersBytes.Should().BeTrue("an IDX file of unsigned bytes with one scale and shift keeps its bytes");

        foreach (int size in new[] { 1, 3, 64, 200 })
        {
            int[] indices = Enumerable.Range(0, size).Select(j => ((j * 7919) + 13) % Samples).ToArray();
            Matrix<float> batch = Matrix<float>.Build.Dense(Features, size, float.NaN);
            data.FillBatch(indices, batch);
            for (int j = 0; j < size; j++)
            {
                Bits(batch.Column(j).ToArray()).Should().Equal(Bits(data.InputMatrix.Column(indices[j]).ToArray()), $"batch column {j} of {size} is sample {indices[j]}");
            }
        }
    }

    [Fact]
    public void Inputs_HandedOut_BatchesComeFromTheMatrixWithAnyChangeMadeToIt()
    {
        Dataset data = DatasetLoader.LoadIdx(_images, _labels, InputScaling.UnitRange);
        Dataset named = data.WithClassNames([.. Enumerable.Range(0, 10).Select(c => $"digit {c}")]);
        named.GathersBytes.Should().BeTrue("a set over the same matrix shares the bytes");

        Matrix<float> inputs = data.Inputs;
        inputs[100, 7] = 42f;

        data.GathersBytes.Should().BeFalse("whoever holds the matrix may have changed it");
        named.GathersBytes.Should().BeFalse("the sets share the matrix that was handed out");
        foreach (Dataset set in new[] { data, named })
        {
            Matrix<float> batch = Matrix<float>.Build.Dense(Features, 2);
            set.FillBatch([7, 8], batch);
            batch[100, 0].Should().Be(42f);
        }
    }

    [Fact]
    public void Derived_SubsetsKeepTheirBytesAndRescaledSetsDoNot()
    {
        Dataset data = DatasetLoader.LoadIdx(_images, _labels, InputScaling.UnitRange);
        int[] picked = [599, 3, 3, 250];

        Dataset subset = data.Subset(picked);
        Dataset rescaled = data.WithScaling(InputScaling.None);
        Dataset standardized = data.Standardize();

        subset.GathersBytes.Should().BeTrue();
        rescaled.GathersBytes.Should().BeFalse("its values are made by another map than the file's bytes");
        standardized.GathersBytes.Should().BeFalse();
        Matrix<float> batch = Matrix<float>.Build.Dense(Features, picked.Length);
        subset.FillBatch([0, 1, 2, 3], batch);
        for (int j = 0; j < picked.Length; j++)
        {
            Bits(batch.Column(j).ToArray()).Should().Equal(Bits(data.InputMatrix.Column(picked[j]).ToArray()));
        }

        data.GathersBytes.Should().BeTrue("none of these handed the parent's matrix out");
    }

    [Fact]
    public void Subset_AfterTheParentsMatrixWasHandedOut_GathersFromItsOwnFloats()
    {
        Dataset data = DatasetLoader.LoadIdx(_images, _labels, InputScaling.UnitRange);
        data.Inputs[0, 5] = -1f;

        Dataset subset = data.Subset([5, 6]);

        subset.GathersBytes.Should().BeFalse("the parent's floats may differ from its bytes now");
        Matrix<float> batch = Matrix<float>.Build.Dense(Features, 1);
        subset.FillBatch([0], batch);
        batch[0, 0].Should().Be(-1f);
    }

    [Fact]
    public void Fit_OnTheFileBytes_TrainsTheSameWeightsAsOnTheFloatsBitForBit()
    {
        Dataset bytes = DatasetLoader.LoadIdx(_images, _labels, InputScaling.UnitRange);
        Dataset floats = bytes.Subset([.. Enumerable.Range(0, Samples)]);
        _ = floats.Inputs;
        floats.GathersBytes.Should().BeFalse();

        // 64 hidden units: the mostly-zero inputs take the sparse products, as MNIST's do.
        Network fromBytes = Train(bytes);
        Network fromFloats = Train(floats);

        bytes.GathersBytes.Should().BeTrue("training reads the set without handing its matrix out");
        for (int i = 0; i < fromBytes.Parameters.Count; i++)
        {
            Bits(fromBytes.Parameters[i].ValueSpan.ToArray()).Should().Equal(Bits(fromFloats.Parameters[i].ValueSpan.ToArray()), fromBytes.Parameters[i].ToString());
        }
    }

    [Theory]
    [InlineData("unit-range")]
    [InlineData("none")]
    public void LoadCsv_IntegerPixels_KeepsTheirBytesAndGathersTheFloatsBitForBit(string scaling)
    {
        Dataset fromIdx = DatasetLoader.LoadIdx(_images, _labels, ScalingNamed(scaling));
        string csv = _folder.File("pixels.csv");
        byte[] pixels = [.. Enumerable.Range(0, Features * Samples).Select(i => (byte)fromIdx.InputMatrix.AsColumnMajorArray()[i])];
        if (scaling == "unit-range")
        {
            pixels = [.. Enumerable.Range(0, Features * Samples).Select(i => (byte)MathF.Round(fromIdx.InputMatrix.AsColumnMajorArray()[i] * 255f))];
        }

        CsvWriter.WritePixels(csv, pixels, Features, [.. fromIdx.Labels]);

        Dataset data = DatasetLoader.LoadCsv(csv, new CsvOptions { Scaling = ScalingNamed(scaling) });

        data.GathersBytes.Should().BeTrue();
        int[] indices = [599, 0, 17, 300];
        Matrix<float> batch = Matrix<float>.Build.Dense(Features, indices.Length);
        data.FillBatch(indices, batch);
        for (int j = 0; j < indices.Length; j++)
        {
            Bits(batch.Column(j).ToArray()).Should().Equal(Bits(data.InputMatrix.Column(indices[j]).ToArray()));
            Bits(batch.Column(j).ToArray()).Should().Equal(Bits(fromIdx.InputMatrix.Column(indices[j]).ToArray()), "the same pixels as the IDX file's");
        }
    }

    [Fact]
    public void LoadCsv_ScaledValuesOrATable_KeepNoBytes()
    {
        string scaled = _folder.WriteText("scaled.csv", "label,a,b\n1,0.5,0.25\n0,0.125,1\n");
        string table = _folder.WriteText("table.csv", "height,weight,kind\n1.5,60,a\n1.7,72,b\n");

        DatasetLoader.LoadCsv(scaled).GathersBytes.Should().BeFalse("the values are not pixels 0-255");
        DatasetLoader.LoadCsv(table, new CsvOptions { LabelColumn = "kind" }).GathersBytes.Should().BeFalse("a table's columns are not pixels");
    }

    [Fact]
    public void TryCapture_AValueThatNoByteMakes_KeepsNothing()
    {
        ByteSamples.TryCapture([0f, 1f, 2f / 255f, 85f / 255f], 4, 1f / 255f, 0f).Should().NotBeNull();
        ByteSamples.TryCapture([0f, 0.5f], 2, 1f / 255f, 0f).Should().BeNull("0.5 is 127.5/255, no byte");
        ByteSamples.TryCapture([-0f], 1, 1f / 255f, 0f).Should().BeNull("−0 is not the +0 that byte 0 makes");
        ByteSamples.TryCapture([256f / 255f], 1, 1f / 255f, 0f).Should().BeNull("256 is no byte");
        ByteSamples.TryCapture([float.NaN], 1, 1f, 0f).Should().BeNull();
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(5)]
    [InlineData(37)]
    [InlineData(99)]
    public void TryCapture_ValuesOfBytesInVectorsAndTheTail_GathersThemBackOrRefusesTheOneBadValue(int bad)
    {
        // 100 values of 4-value samples: three blocks of 32 in vectors, four in the scalar tail.
        const float scale = 1f / 255f, shift = -0.5f;
        float[] values = [.. Enumerable.Range(0, 100).Select(i => ((byte)(i * 37) * scale) + shift)];
        if (bad >= 0)
        {
            values[bad] = BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(values[bad]) + 1); // one ulp off
        }

        ByteSamples? captured = ByteSamples.TryCapture(values, 4, scale, shift);

        if (bad >= 0)
        {
            captured.Should().BeNull($"value {bad} is one ulp from a byte's");
            return;
        }

        float[] gathered = new float[100];
        captured!.Gather([.. Enumerable.Range(0, 25)], gathered);
        Bits(gathered).Should().Equal(Bits(values));
    }

    [Fact]
    public void CopyBytes_BadIndexOrDestination_ThrowsNamingIt()
    {
        byte[] source = new byte[4 * 3];

        Action outside = () => ColumnGather.CopyBytes(source, 4, [0, 3], new float[8], 1f, 0f);
        Action tooSmall = () => ColumnGather.CopyBytes(source, 4, [0, 1], new float[7], 1f, 0f);

        outside.Should().Throw<ArgumentOutOfRangeException>().WithMessage("Sample index 3 (batch position 1) is outside the 3 samples.*")
            .Which.ParamName.Should().Be("columns");
        tooSmall.Should().Throw<ArgumentException>().WithMessage("The batch holds 7 values but 2 columns of 4 need 8.*")
            .Which.ParamName.Should().Be("destination");
    }

    private static Network Train(Dataset data)
    {
        Network network = Network.Create([Features, 64, 10], seed: 11);
        var trainer = new Trainer(network, new CrossEntropyLoss(), new Sgd(0.1f), new TrainerOptions { Epochs = 2, BatchSize = 64, Seed = 3 });
        trainer.Fit(data);
        return network;
    }

    private static InputScaling ScalingNamed(string name) => name switch
    {
        "none" => InputScaling.None,
        "unit-range" => InputScaling.UnitRange,
        _ => InputScaling.Standardize([33.3f], [78.6f]),
    };

    private static int[] Bits(float[] values) => [.. values.Select(BitConverter.SingleToInt32Bits)];
}

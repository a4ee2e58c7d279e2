using NeuralNet.Serialization;

namespace NeuralNet.Tests.Serialization;

/// <summary>Damaged records of the convolutional layer kinds are refused with the layer, the setting and the offset, before anything is allocated for them.</summary>
public sealed class CnnModelFileValidationTests
{
    [Fact]
    public void Load_CraftedCnnFile_LoadsTheLayers()
    {
        // Valid fields load, so the tests below fail for the reason they name.
        Network network = Network.Load(new MemoryStream(ConvPoolNormDense()));

        network.Layers.Select(l => l.ToString()).Should().Equal(
            "Conv2D(2->3, 3×3, stride 2, pad 1, ReLU)", "MaxPool2D(2, stride 1)", "BatchNorm(3×2×2)", "DenseLayer(12->2, Softmax)");
        network.ToString().Should().Be("Network(2×5×6 → conv 3×3×3 stride 2 pad 1 → pool 2 stride 1 → bn → 2)");
    }

    [Theory]
    [InlineData(0, 5, 6, 3, 3, 1, 1, "the input channels of layer 0 is 0")]
    [InlineData(2, 0, 6, 3, 3, 1, 1, "the input height of layer 0 is 0")]
    [InlineData(2, 5, 0, 3, 3, 1, 1, "the input width of layer 0 is 0")]
    [InlineData(2, 5, 6, 0, 3, 1, 1, "the output channels of layer 0 is 0")]
    [InlineData(2, 5, 6, 3, 0, 1, 1, "the kernel size of layer 0 is 0")]
    [InlineData(2, 5, 6, 3, 3, 0, 1, "the stride of layer 0 is 0")]
    [InlineData(2, 5, 6, 3, 3, 1, -1, "the padding of layer 0 is 4294967295")]
    [InlineData(2, 5, 6, 3, 8, 1, 1, "layer 0 (conv) has a 8×8 kernel, which does not fit in its 2×5×6 input padded by 1 (7×8)")]
    [InlineData(2, 5, 6, 3, 3, 1, int.MaxValue, "layer 0 (conv) pads its 2×5×6 input by 2147483647*more than a sample may hold")]
    [InlineData(2, 5, 6, 100_000_000, 1, 1, 0, "layer 0 (conv) outputs 100000000×5×6 values, more than the 2147483647 features")]
    public void Load_ConvSettingOutOfRange_ThrowsNamingIt(int inputs, int height, int width, int outputs, int kernel, int stride, int padding, string fact)
    {
        byte[] bytes = TestModels.FileWithBody(w =>
        {
            w.Write(1);
            w.Write(60);
            ConvRecord(w, inputs, height, width, outputs, kernel, stride, padding, "ReLU");
            TestModels.NoScaling(w);
            w.Write(0UL);
        });

        Action load = () => Network.Load(new MemoryStream(bytes));

        load.Should().Throw<InvalidModelFileException>().WithMessage($"*{fact}*");
    }

    [Fact]
    public void Load_ConvInputOfAnotherSize_ThrowsNamingBothShapes()
    {
        byte[] bytes = TestModels.FileWithBody(w =>
        {
            w.Write(1);
            w.Write(50);
            ConvRecord(w, 2, 5, 6, 3, 3, 1, 1, "ReLU");
            TestModels.NoScaling(w);
            w.Write(0UL);
        });

        Action load = () => Network.Load(new MemoryStream(bytes));

        load.Should().Throw<InvalidModelFileException>()
            .WithMessage("*layer 0 (conv) takes 2×5×6 (60 features) but the network's input size is 50 features*")
            .Which.Offset.Should().Be(38);
    }

    [Fact]
    public void Load_ImageOfTheSameSizeButAnotherShape_ThrowsNamingBothShapes()
    {
        // conv 2×5×6 (stride 2, pad 1) outputs 3×3×3: 27 values, which a 1×3×9 layer reads in another arrangement.
        byte[] bytes = TestModels.FileWithBody(w =>
        {
            w.Write(2);
            w.Write(60);
            ConvRecord(w, 2, 5, 6, 3, 3, 2, 1, "ReLU");
            PoolRecord(w, 4, 1, 3, 9, 3, 3);
            TestModels.NoScaling(w);
            w.Write(57UL);
            w.Write(new byte[57 * 4]);
        });

        Action load = () => Network.Load(new MemoryStream(bytes));

        load.Should().Throw<InvalidModelFileException>().WithMessage("*layer 1 (max-pool) takes 1×3×9 (27 features) but layer 0 outputs 3×3×3*");
    }

    [Fact]
    public void Load_ConvAfterADenseLayerOfItsSize_ReadsTheFlatFeaturesAsAnImage()
    {
        byte[] bytes = TestModels.FileWithBody(w =>
        {
            w.Write(2);
            w.Write(4);
            TestModels.DenseRecord(w, 4, 18, "ReLU");
            ConvRecord(w, 2, 3, 3, 1, 3, 1, 0, "Softmax");
            TestModels.NoScaling(w);
            w.Write(90UL + 19);
            w.Write(new byte[109 * 4]);
        });

        Network network = Network.Load(new MemoryStream(bytes));

        network.Layers[1].InputShape.Should().Be(new NeuralNet.Layers.SampleShape(2, 3, 3));
        network.OutputSize.Should().Be(1);
    }

    [Fact]
    public void Load_ConvWithUnknownActivation_ThrowsNamingIt()
    {
        byte[] bytes = TestModels.FileWithBody(w =>
        {
            w.Write(1);
            w.Write(60);
            ConvRecord(w, 2, 5, 6, 3, 3, 1, 1, "Swish");
            TestModels.NoScaling(w);
            w.Write(57UL);
            w.Write(new byte[57 * 4]);
        });

        Action load = () => Network.Load(new MemoryStream(bytes));

        load.Should().Throw<InvalidModelFileException>().WithMessage("*layer 0 names the activation 'Swish'*does not know*");
    }

    [Fact]
    public void Load_ConvWeightsLargerThanTheFile_ThrowsWithoutAllocatingThem()
    {
        byte[] bytes = TestModels.FileWithBody(w =>
        {
            w.Write(1);
            w.Write(1000 * 40 * 40);
            ConvRecord(w, 1000, 40, 40, 1000, 40, 1, 0, "ReLU");
            TestModels.NoScaling(w);
            w.Write(1_600_001_000UL);
        });

        long before = GC.GetAllocatedBytesForCurrentThread();
        Action load = () => Network.Load(new MemoryStream(bytes));

        load.Should().Throw<InvalidModelFileException>().WithMessage("*parameters of layers 0 to 0: 6400004000 bytes needed*do not fit*");
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(1 << 20);
    }

    [Theory]
    [InlineData(4, 0, 1, "the window size of layer 1 is 0")]
    [InlineData(4, 2, 0, "the stride of layer 1 is 0")]
    [InlineData(4, 4, 1, "layer 1 (max-pool) has 4×4 windows, which do not fit in its 3×3×3 input")]
    [InlineData(5, 0, 1, "the window size of layer 1 is 0")]
    [InlineData(5, 2, 0, "the stride of layer 1 is 0")]
    [InlineData(5, 4, 1, "layer 1 (average-pool) has 4×4 windows, which do not fit in its 3×3×3 input")]
    public void Load_PoolingSettingOutOfRange_ThrowsNamingIt(int kind, int size, int stride, string fact)
    {
        byte[] bytes = TestModels.FileWithBody(w =>
        {
            w.Write(2);
            w.Write(60);
            ConvRecord(w, 2, 5, 6, 3, 3, 2, 1, "ReLU");
            PoolRecord(w, (ushort)kind, 3, 3, 3, size, stride);
            TestModels.NoScaling(w);
            w.Write(57UL);
            w.Write(new byte[57 * 4]);
        });

        Action load = () => Network.Load(new MemoryStream(bytes));

        load.Should().Throw<InvalidModelFileException>().WithMessage($"*{fact}*");
    }

    [Theory]
    [InlineData(0f, "momentum 0")]
    [InlineData(1.5f, "momentum 1.5")]
    [InlineData(-0.1f, "momentum -0.1")]
    [InlineData(float.NaN, "momentum NaN")]
    public void Load_BatchNormMomentumOutsideZeroToOne_ThrowsWithItsOffset(float momentum, string shown)
    {
        byte[] bytes = Norm(momentum, 1e-5f, [0f, 0f], [1f, 1f]);

        Action load = () => Network.Load(new MemoryStream(bytes));

        // Header 24, counts 8, kind and length 6, the shape 12: the momentum is at 50.
        load.Should().Throw<InvalidModelFileException>().WithMessage($"*layer 0 (batch-norm) has {shown}*(0, 1]*").Which.Offset.Should().Be(50);
    }

    [Theory]
    [InlineData(0f, "0")]
    [InlineData(-1e-5f, "-1E-05")]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.PositiveInfinity, "Infinity")]
    public void Load_BatchNormEpsilonNotPositiveAndFinite_ThrowsWithItsOffset(float epsilon, string shown)
    {
        byte[] bytes = Norm(0.1f, epsilon, [0f, 0f], [1f, 1f]);

        Action load = () => Network.Load(new MemoryStream(bytes));

        load.Should().Throw<InvalidModelFileException>().WithMessage($"*layer 0 (batch-norm) has ε = {shown}*positive and finite*").Which.Offset.Should().Be(54);
    }

    [Theory]
    [InlineData(-1f, "-1")]
    [InlineData(-float.Epsilon, "-1E-45")]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.PositiveInfinity, "Infinity")]
    public void Load_BatchNormRunningVarianceNegativeOrNotFinite_ThrowsNamingTheChannel(float variance, string shown)
    {
        byte[] bytes = Norm(0.1f, 1e-5f, [0f, 0f], [1f, variance]);

        Action load = () => Network.Load(new MemoryStream(bytes));

        // The means are at 58 and 62, the variances at 66 and 70.
        load.Should().Throw<InvalidModelFileException>()
            .WithMessage($"*layer 0 (batch-norm) has running variance {shown} for channel 1*finite and not negative*").Which.Offset.Should().Be(70);
    }

    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.NegativeInfinity, "-Infinity")]
    public void Load_BatchNormRunningMeanNotFinite_ThrowsNamingTheChannel(float mean, string shown)
    {
        byte[] bytes = Norm(0.1f, 1e-5f, [mean, 0f], [1f, 1f]);

        Action load = () => Network.Load(new MemoryStream(bytes));

        load.Should().Throw<InvalidModelFileException>().WithMessage($"*running mean {shown} for channel 0*finite*").Which.Offset.Should().Be(58);
    }

    [Fact]
    public void Load_BatchNormWithoutItsStatistics_Throws()
    {
        // A record of shape 2×1×1 that holds one mean and one variance instead of two of each.
        byte[] bytes = TestModels.FileWithBody(w =>
        {
            w.Write(1);
            w.Write(2);
            w.Write((ushort)6);
            w.Write((3 * 4) + 8 + 8);
            w.Write(2);
            w.Write(1);
            w.Write(1);
            w.Write(0.1f);
            w.Write(1e-5f);
            w.Write(0f);
            w.Write(1f);
            TestModels.NoScaling(w);
            w.Write(4UL);
            w.Write(new byte[4 * 4]);
        });

        Action load = () => Network.Load(new MemoryStream(bytes));

        load.Should().Throw<InvalidModelFileException>().WithMessage("*record of layer 0 declares 28 bytes but its fields take 36*");
    }

    [Fact]
    public void Load_FlatBatchNormOfAnotherSize_ThrowsNamingBothSizes()
    {
        byte[] bytes = TestModels.FileWithBody(w =>
        {
            w.Write(2);
            w.Write(3);
            TestModels.DenseRecord(w, 3, 4, "ReLU");
            NormRecord(w, 5, 1, 1, 0.1f, 1e-5f, new float[5], Enumerable.Repeat(1f, 5).ToArray());
            TestModels.NoScaling(w);
            w.Write(26UL);
            w.Write(new byte[26 * 4]);
        });

        Action load = () => Network.Load(new MemoryStream(bytes));

        load.Should().Throw<InvalidModelFileException>().WithMessage("*layer 1 (batch-norm) takes 5 features but layer 0 outputs 4 features*");
    }

    [Fact]
    public void Load_EveryFlippedByteOfACnn_Throws()
    {
        byte[] whole = TestModels.Bytes(TestCnns.Warmed());

        for (int position = 24; position < whole.Length; position += 7)
        {
            byte[] damaged = (byte[])whole.Clone();
            damaged[position] ^= 0x10;

            Action load = () => Network.Load(new MemoryStream(damaged));

            load.Should().Throw<InvalidModelFileException>().WithMessage("*checksum does not match*", $"byte {position}");
        }
    }

    [Fact]
    public void Load_RandomCnnBodiesWithValidChecksums_ThrowOnlyInvalidModelFile()
    {
        // Damage the records at random but fix the checksum: only the structural checks stand, and they must never let
        // another exception (an argument the layers' constructors refuse, an overflow) through.
        byte[] whole = TestModels.Bytes(TestCnns.Warmed());
        var random = new NeuralNet.Randomness.SeededRandom(43);
        int rejected = 0;
        for (int trial = 0; trial < 3000; trial++)
        {
            byte[] damaged = (byte[])whole.Clone();
            int edits = 1 + random.NextInt(3);
            for (int e = 0; e < edits; e++)
            {
                damaged[32 + random.NextInt(300)] = (byte)random.NextUInt64();
            }

            try
            {
                Network.Load(new MemoryStream(TestModels.Reseal(damaged)));
            }
            catch (InvalidModelFileException)
            {
                rejected++;
            }
        }

        rejected.Should().BeGreaterThan(1000, "most random edits of the records make them invalid");
    }

    /// <summary>conv 2×5×6 → 3 channels (3×3, stride 2, pad 1) → max-pool 2 (stride 1) → batch norm 3×2×2 → dense 2.</summary>
    private static byte[] ConvPoolNormDense() => TestModels.FileWithBody(w =>
    {
        w.Write(4);
        w.Write(60);
        ConvRecord(w, 2, 5, 6, 3, 3, 2, 1, "ReLU");
        PoolRecord(w, 4, 3, 3, 3, 2, 1);
        NormRecord(w, 3, 2, 2, 0.1f, 1e-5f, [0f, 0.5f, -1f], [1f, 2f, 0f]);
        TestModels.DenseRecord(w, 12, 2, "Softmax");
        TestModels.NoScaling(w);
        w.Write(57UL + 6 + 26);
        w.Write(new byte[89 * 4]);
    });

    /// <summary>A one-layer file: a batch norm of 2 flat features with these settings.</summary>
    private static byte[] Norm(float momentum, float epsilon, float[] mean, float[] variance) => TestModels.FileWithBody(w =>
    {
        w.Write(1);
        w.Write(2);
        NormRecord(w, 2, 1, 1, momentum, epsilon, mean, variance);
        TestModels.NoScaling(w);
        w.Write(4UL);
        w.Write(new byte[4 * 4]);
    });

    private static void ConvRecord(BinaryWriter w, int inputs, int height, int width, int outputs, int kernel, int stride, int padding, string activation)
    {
        byte[] name = System.Text.Encoding.UTF8.GetBytes(activation);
        w.Write((ushort)3);
        w.Write((7 * 4) + 2 + name.Length);
        foreach (int count in new[] { inputs, height, width, outputs, kernel, stride, padding })
        {
            w.Write(count);
        }

        w.Write((ushort)name.Length);
        w.Write(name);
    }

    private static void PoolRecord(BinaryWriter w, ushort kind, int channels, int height, int width, int size, int stride)
    {
        w.Write(kind);
        w.Write(5 * 4);
        foreach (int count in new[] { channels, height, width, size, stride })
        {
            w.Write(count);
        }
    }

    private static void NormRecord(BinaryWriter w, int channels, int height, int width, float momentum, float epsilon, float[] mean, float[] variance)
    {
        w.Write((ushort)6);
        w.Write((3 * 4) + 8 + (4 * (mean.Length + variance.Length)));
        w.Write(channels);
        w.Write(height);
        w.Write(width);
        w.Write(momentum);
        w.Write(epsilon);
        foreach (float value in mean.Concat(variance))
        {
            w.Write(value);
        }
    }
}

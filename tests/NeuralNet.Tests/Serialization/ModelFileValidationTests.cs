using System.Buffers.Binary;
using NeuralNet.IO;
using NeuralNet.Randomness;
using NeuralNet.Serialization;
using NeuralNet.Tests.TestData;

namespace NeuralNet.Tests.Serialization;

public sealed class ModelFileValidationTests
{
    [Fact]
    public void Load_EveryTruncatedLength_ThrowsNamingThePathAndTheTruncation()
    {
        using var folder = new TempDirectory();
        byte[] whole = TestModels.Bytes(TestModels.Small());
        string path = folder.File("model.nnm");

        for (int length = 0; length < whole.Length; length++)
        {
            File.WriteAllBytes(path, whole[..length]);

            Action load = () => Network.Load(path);

            load.Should().Throw<InvalidModelFileException>()
                .WithMessage($"'{path}'*")
                .WithMessage(length == 0 ? "*empty*" : "*truncated*", $"length {length} of {whole.Length}")
                .Which.FilePath.Should().Be(path);
        }
    }

    [Fact]
    public void LoadStream_EveryTruncatedLength_ThrowsTruncated()
    {
        byte[] whole = TestModels.Bytes(TestModels.Small());

        for (int length = 1; length < whole.Length; length++)
        {
            Action seekable = () => Network.Load(new MemoryStream(whole[..length]));
            Action forwardOnly = () => Network.Load(new ForwardOnlyStream(whole[..length]));

            seekable.Should().Throw<InvalidModelFileException>().WithMessage("The stream cannot be loaded*truncated*", $"length {length}");
            forwardOnly.Should().Throw<InvalidModelFileException>().WithMessage("*truncated*", $"length {length}");
        }
    }

    [Fact]
    public void Load_BytesAfterTheModel_ThrowsNamingHowMany()
    {
        using var folder = new TempDirectory();
        byte[] whole = TestModels.Bytes(TestModels.Small());
        string path = folder.File("model.nnm");
        File.WriteAllBytes(path, [.. whole, 1, 2, 3]);

        Action load = () => Network.Load(path);

        load.Should().Throw<InvalidModelFileException>().WithMessage($"*3 unexpected bytes*byte {whole.Length}*")
            .Which.Offset.Should().Be(whole.Length);
    }

    [Fact]
    public void Load_EveryFlippedByte_Throws()
    {
        byte[] whole = TestModels.Bytes(TestModels.Small());

        for (int position = 0; position < whole.Length; position++)
        {
            foreach (byte mask in new byte[] { 0x01, 0x80, 0xFF })
            {
                byte[] damaged = (byte[])whole.Clone();
                damaged[position] ^= mask;

                Action load = () => Network.Load(new MemoryStream(damaged));

                // Past the header the checksum is what catches it; in the header, the field's own check may speak first.
                load.Should().Throw<InvalidModelFileException>()
                    .WithMessage(position >= ChecksummedFileFormat.HeaderLength ? "*checksum does not match*" : "*", $"byte {position} ^ 0x{mask:X2}");
            }
        }
    }

    [Fact]
    public void Load_WrongMagic_ThrowsNotAModelFile()
    {
        using var folder = new TempDirectory();
        string path = folder.File("notes.txt");
        File.WriteAllText(path, "These are not the weights you are looking for.");

        Action load = () => Network.Load(path);

        load.Should().Throw<InvalidModelFileException>()
            .WithMessage("*not a NeuralNet model file*")
            .WithMessage("*signature 894E4E4D0D0A1A0A but with 5468657365206172*")
            .Which.Offset.Should().Be(0);
    }

    [Fact]
    public void Load_FutureVersion_ThrowsAskingForANewerPackage()
    {
        byte[] bytes = TestModels.Bytes(TestModels.Small());
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), 2);
        TestModels.Reseal(bytes);

        Action load = () => Network.Load(new MemoryStream(bytes));

        load.Should().Throw<InvalidModelFileException>().WithMessage("*format version 2*newer*reads format 1*update*");
    }

    [Fact]
    public void Load_VersionZero_Throws()
    {
        byte[] bytes = TestModels.FileWithBody(_ => { }, version: 0);

        Action load = () => Network.Load(new MemoryStream(bytes));

        load.Should().Throw<InvalidModelFileException>().WithMessage("*version is 0*");
    }

    [Fact]
    public void Load_UnknownFlags_Throws()
    {
        byte[] bytes = TestModels.FileWithBody(_ => { }, flags: 4);

        Action load = () => Network.Load(new MemoryStream(bytes));

        load.Should().Throw<InvalidModelFileException>().WithMessage("*flags 0x00000004*");
    }

    [Fact]
    public void Load_DeclaredLengthBelowTheMinimum_Throws()
    {
        byte[] bytes = TestModels.Bytes(TestModels.Small());
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(16), 27);

        Action load = () => Network.Load(new MemoryStream(bytes));

        load.Should().Throw<InvalidModelFileException>().WithMessage("*length of 27 bytes*").Which.Offset.Should().Be(16);
    }

    [Fact]
    public void LoadStream_ForwardOnlyWithAHugeDeclaredLength_ThrowsTruncatedWithoutAllocatingIt()
    {
        byte[] bytes = TestModels.Bytes(TestModels.Small());
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(16), 2_000_000_000);

        long before = GC.GetAllocatedBytesForCurrentThread();
        Action load = () => Network.Load(new ForwardOnlyStream(bytes));

        load.Should().Throw<InvalidModelFileException>().WithMessage("*truncated*2000000000 bytes*");
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(4 << 20);
    }

    [Fact]
    public void Load_LayerLargerThanTheFile_ThrowsWithoutAllocatingIt()
    {
        byte[] bytes = TestModels.FileWithBody(w =>
        {
            w.Write(1);
            w.Write(100_000);
            TestModels.DenseRecord(w, 100_000, 100_000, "ReLU");
            TestModels.NoScaling(w);
            w.Write(10_000_100_000UL);
        });

        long before = GC.GetAllocatedBytesForCurrentThread();
        Action load = () => Network.Load(new MemoryStream(bytes));

        load.Should().Throw<InvalidModelFileException>().WithMessage("*parameters of layers 0 to 0: 40000400000 bytes needed*do not fit*");
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(1 << 20);
    }

    [Fact]
    public void Load_DenseLayerOfIntMaxByIntMaxInAFileWithNames_ThrowsWithoutAllocating()
    {
        // (2^31 − 1)² + 2^31 − 1 parameters take about 2^64 bytes: a byte count computed in 64 bits wrapped to a negative
        // number that "fitted", and with names after the parameters the reader went on to build the layer.
        byte[] bytes = TestModels.FileWithBody(
            w =>
            {
                w.Write(1);
                w.Write(int.MaxValue);
                TestModels.DenseRecord(w, int.MaxValue, int.MaxValue, "ReLU");
                TestModels.NoScaling(w);
                w.Write(((ulong)int.MaxValue * int.MaxValue) + int.MaxValue);
                w.Write(0);
                w.Write(0);
            },
            flags: NetworkCodec.NamesFlag);

        long before = GC.GetAllocatedBytesForCurrentThread();
        Action load = () => Network.Load(new MemoryStream(bytes));

        load.Should().Throw<InvalidModelFileException>().WithMessage("*parameters of layers 0 to 0*bytes needed*");
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(1 << 20);
    }

    [Fact]
    public void Load_NeighbouringLayersDoNotFit_ThrowsNamingBothSizes()
    {
        byte[] bytes = TestModels.FileWithBody(w =>
        {
            w.Write(2);
            w.Write(3);
            TestModels.DenseRecord(w, 3, 4, "ReLU");
            TestModels.DenseRecord(w, 5, 2, "Softmax");
            TestModels.NoScaling(w);
            w.Write(30UL);
            w.Write(new byte[30 * 4]);
        });

        Action load = () => Network.Load(new MemoryStream(bytes));

        load.Should().Throw<InvalidModelFileException>().WithMessage("*layer 1 (dense) takes 5 inputs but layer 0 outputs 4*");
    }

    [Fact]
    public void Load_UnknownLayerKind_ThrowsNamingTheKind()
    {
        byte[] bytes = TestModels.FileWithBody(w =>
        {
            w.Write(1);
            w.Write(3);
            w.Write((ushort)9);
            w.Write(0);
            TestModels.NoScaling(w);
            w.Write(0UL);
        });

        Action load = () => Network.Load(new MemoryStream(bytes));

        load.Should().Throw<InvalidModelFileException>().WithMessage("*layer 0 has kind 9*newer*").Which.Offset.Should().Be(32);
    }

    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(1f, "1")]
    [InlineData(-0.1f, "-0.1")]
    [InlineData(float.PositiveInfinity, "Infinity")]
    public void Load_DropoutRateOutsideZeroToOne_ThrowsNamingTheLayerAndTheRate(float rate, string shown)
    {
        byte[] bytes = DenseDropoutDense(dropoutSize: 4, rate);

        Action load = () => Network.Load(new MemoryStream(bytes));

        // Header 24, counts 8, the dense record 6 + 14, then the dropout's kind, length and size: the rate is at 62.
        load.Should().Throw<InvalidModelFileException>().WithMessage($"*layer 1 (dropout) has rate {shown}*[0, 1)*")
            .Which.Offset.Should().Be(62);
    }

    [Fact]
    public void Load_DropoutOfAnotherSize_ThrowsNamingTheLayerAndBothSizes()
    {
        byte[] bytes = DenseDropoutDense(dropoutSize: 5, 0.5f);

        Action load = () => Network.Load(new MemoryStream(bytes));

        load.Should().Throw<InvalidModelFileException>().WithMessage("*layer 1 (dropout) takes 5 inputs but layer 0 outputs 4*")
            .Which.Offset.Should().Be(58);
    }

    [Fact]
    public void Load_CraftedDropoutFile_LoadsTheLayers()
    {
        // The same bytes with valid fields load, so the two tests above fail for the reason they name.
        Network network = Network.Load(new MemoryStream(DenseDropoutDense(dropoutSize: 4, 0.5f)));

        network.Layers.Select(l => l.ToString()).Should().Equal("DenseLayer(3->4, ReLU)", "Dropout(0.5)", "DenseLayer(4->2, Softmax)");
    }

    [Fact]
    public void Load_UnknownActivation_ThrowsNamingIt()
    {
        byte[] bytes = TestModels.FileWithBody(w =>
        {
            w.Write(1);
            w.Write(3);
            TestModels.DenseRecord(w, 3, 2, "Swish");
            TestModels.NoScaling(w);
            w.Write(8UL);
            w.Write(new byte[8 * 4]);
        });

        Action load = () => Network.Load(new MemoryStream(bytes));

        load.Should().Throw<InvalidModelFileException>().WithMessage("*activation 'Swish'*does not know*");
    }

    [Fact]
    public void Load_RecordLengthDisagreesWithItsFields_Throws()
    {
        byte[] bytes = TestModels.FileWithBody(w =>
        {
            w.Write(1);
            w.Write(3);
            w.Write((ushort)1);
            w.Write(20); // a dense record of "ReLU" takes 14
            w.Write(3);
            w.Write(2);
            w.Write((ushort)4);
            w.Write("ReLU"u8);
            w.Write(new byte[6]);
            TestModels.NoScaling(w);
            w.Write(8UL);
            w.Write(new byte[8 * 4]);
        });

        Action load = () => Network.Load(new MemoryStream(bytes));

        load.Should().Throw<InvalidModelFileException>().WithMessage("*declares 20 bytes but its fields take 14*");
    }

    [Fact]
    public void Load_ScalingForAnotherFeatureCount_Throws()
    {
        byte[] bytes = TestModels.FileWithBody(w =>
        {
            w.Write(1);
            w.Write(3);
            TestModels.DenseRecord(w, 3, 2, "ReLU");
            w.Write((ushort)6);
            w.Write("affine"u8);
            w.Write(2);
            w.Write(new byte[2 * 2 * 4]);
            w.Write(8UL);
            w.Write(new byte[8 * 4]);
        });

        Action load = () => Network.Load(new MemoryStream(bytes));

        load.Should().Throw<InvalidModelFileException>().WithMessage("*scaling has 2 factors but a network of 3 inputs takes 1 or 3*");
    }

    [Fact]
    public void Load_NonFiniteScaling_Throws()
    {
        byte[] bytes = TestModels.FileWithBody(w =>
        {
            w.Write(1);
            w.Write(3);
            TestModels.DenseRecord(w, 3, 2, "ReLU");
            w.Write((ushort)6);
            w.Write("affine"u8);
            w.Write(1);
            w.Write(float.NaN);
            w.Write(0f);
            w.Write(8UL);
            w.Write(new byte[8 * 4]);
        });

        Action load = () => Network.Load(new MemoryStream(bytes));

        load.Should().Throw<InvalidModelFileException>().WithMessage("*input scaling is not valid*finite*");
    }

    [Fact]
    public void Load_ParameterCountDisagreesWithTheLayers_Throws()
    {
        byte[] bytes = TestModels.FileWithBody(w =>
        {
            w.Write(1);
            w.Write(3);
            TestModels.DenseRecord(w, 3, 2, "ReLU");
            TestModels.NoScaling(w);
            w.Write(9UL);
            w.Write(new byte[9 * 4]);
        });

        Action load = () => Network.Load(new MemoryStream(bytes));

        load.Should().Throw<InvalidModelFileException>().WithMessage("*declares 9 parameters but its layers have 8*");
    }

    [Fact]
    public void Load_ExtraBytesBeforeTheChecksum_Throws()
    {
        byte[] bytes = TestModels.FileWithBody(w =>
        {
            w.Write(1);
            w.Write(3);
            TestModels.DenseRecord(w, 3, 2, "ReLU");
            TestModels.NoScaling(w);
            w.Write(8UL);
            w.Write(new byte[(8 * 4) + 2]);
        });

        Action load = () => Network.Load(new MemoryStream(bytes));

        load.Should().Throw<InvalidModelFileException>().WithMessage("*34 bytes lie between the parameter count and the checksum*take 32*");
    }

    [Fact]
    public void Load_ZeroLayers_Throws()
    {
        byte[] bytes = TestModels.FileWithBody(w =>
        {
            w.Write(0);
            w.Write(3);
            TestModels.NoScaling(w);
            w.Write(0UL);
        });

        Action load = () => Network.Load(new MemoryStream(bytes));

        load.Should().Throw<InvalidModelFileException>().WithMessage("*layer count is 0*");
    }

    [Fact]
    public void Load_InvalidUtf8Name_Throws()
    {
        byte[] bytes = TestModels.FileWithBody(w =>
        {
            w.Write(1);
            w.Write(3);
            w.Write((ushort)1);
            w.Write(4 + 4 + 2 + 2);
            w.Write(3);
            w.Write(2);
            w.Write((ushort)2);
            w.Write(new byte[] { 0xC3, 0x28 });
            TestModels.NoScaling(w);
            w.Write(8UL);
            w.Write(new byte[8 * 4]);
        });

        Action load = () => Network.Load(new MemoryStream(bytes));

        load.Should().Throw<InvalidModelFileException>().WithMessage("*activation name of layer 0 is not valid UTF-8*");
    }

    [Fact]
    public void Load_RandomBodiesWithValidChecksums_ThrowOnlyInvalidModelFile()
    {
        // Damage a valid file's body at random but fix the checksum, so the structural checks alone must stand.
        byte[] whole = TestModels.Bytes(TestModels.Small());
        var random = new SeededRandom(42);
        int rejected = 0;
        for (int trial = 0; trial < 3000; trial++)
        {
            byte[] damaged = (byte[])whole.Clone();
            int edits = 1 + random.NextInt(4);
            for (int e = 0; e < edits; e++)
            {
                // Bias the edits toward the structure (the first 120 body bytes), where they matter.
                int position = ChecksummedFileFormat.HeaderLength + random.NextInt(Math.Min(120, whole.Length - ChecksummedFileFormat.HeaderLength - 4));
                damaged[position] = (byte)random.NextUInt64();
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

        rejected.Should().BeGreaterThan(1000, "most random edits of the structure make it invalid");
    }

    /// <summary>A 3-4-2 network file with a dropout record between the dense ones.</summary>
    private static byte[] DenseDropoutDense(int dropoutSize, float rate) => TestModels.FileWithBody(w =>
    {
        w.Write(3);
        w.Write(3);
        TestModels.DenseRecord(w, 3, 4, "ReLU");
        TestModels.DropoutRecord(w, dropoutSize, rate);
        TestModels.DenseRecord(w, 4, 2, "Softmax");
        TestModels.NoScaling(w);
        w.Write(26UL);
        w.Write(new byte[26 * 4]);
    });
}

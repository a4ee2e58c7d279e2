using NeuralNet.Serialization;

namespace NeuralNet.Tests.Serialization;

/// <summary>Model files that broke the loader's size checks, each fixed at its root and kept here.</summary>
public sealed class ModelFileFuzzFindingsTests
{
    [Fact]
    public void Load_ParameterCountWhoseBytesWrapAround64Bits_ThrowsWithoutBuildingTheLayers()
    {
        // (2^31 − 1) × (2^31 − 1) weights and 2^31 − 1 biases, then 2^31 − 1 weights and 1 bias: 2^62 parameters, whose
        // 2^64 bytes wrapped to 0 in 64-bit arithmetic, so "0 bytes needed" passed and the loader asked DenseLayer for
        // 2^62 weights (an ArgumentException from inside instead of the file's exception).
        const int max = int.MaxValue;
        byte[] bytes = TestModels.FileWithBody(w =>
        {
            w.Write(2);
            w.Write(max);
            TestModels.DenseRecord(w, max, max, "Identity");
            TestModels.DenseRecord(w, max, 1, "Identity");
            TestModels.NoScaling(w);
            w.Write(1UL << 62);
        });

        long before = GC.GetAllocatedBytesForCurrentThread();
        Action load = () => Network.Load(new MemoryStream(bytes));

        load.Should().Throw<InvalidModelFileException>().WithMessage("*parameters of layers 0 to 0: 18446744065119617024 bytes needed*do not fit*");
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(1 << 20);
    }
}

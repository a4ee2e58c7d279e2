using NeuralNet.IO;
using NeuralNet.Serialization;

namespace NeuralNet.Tests.IO;

public sealed class AtomicFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("neuralnet-atomic-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Write_NewFile_HoldsWhatWasWritten()
    {
        string path = Path.Combine(_folder, "new.bin");

        AtomicFile.Write(path, "the test file", s => s.Write([1, 2, 3]));

        File.ReadAllBytes(path).Should().Equal(1, 2, 3);
        Directory.GetFiles(_folder).Should().Equal(path);
    }

    [Fact]
    public void Write_WriterThrowsHalfway_LeavesExistingFileIntactAndNoTemporaryFile()
    {
        string path = Path.Combine(_folder, "model.onnx");
        File.WriteAllBytes(path, [9, 9, 9]);

        Action write = () => AtomicFile.Write(path, "the test file", s =>
        {
            s.Write([1, 2, 3, 4]);
            throw new IOException("disk full");
        });

        write.Should().Throw<IOException>().WithMessage($"Cannot save the test file to '{path}'; the previous file, if any, is unchanged. disk full");
        File.ReadAllBytes(path).Should().Equal(9, 9, 9);
        Directory.GetFiles(_folder).Should().Equal(path);
    }

    [Fact]
    public void Write_TargetIsAFolder_FailsAndKeepsTheFolder()
    {
        string path = Path.Combine(_folder, "taken");
        Directory.CreateDirectory(path);

        Action write = () => AtomicFile.Write(path, "the test file", s => s.Write([1]));

        write.Should().Throw<IOException>();
        Directory.Exists(path).Should().BeTrue();
        Directory.GetFiles(_folder).Should().BeEmpty("the temporary file is removed when the rename fails");
    }

    [Fact]
    public void Begin_DisposedWithoutCommit_LeavesTheOldFileAndNoTemporaryFile()
    {
        string path = Path.Combine(_folder, "data.csv");
        File.WriteAllBytes(path, [7]);

        using (AtomicFile file = AtomicFile.Begin(path, "the CSV file"))
        {
            file.Stream.Write([1, 2, 3]);
            Directory.GetFiles(_folder).Should().HaveCount(2, "the content goes to a temporary file beside the target");
        }

        File.ReadAllBytes(path).Should().Equal(7);
        Directory.GetFiles(_folder).Should().Equal(path);
    }

    [Fact]
    public void Begin_ThenCommit_ReplacesTheFile()
    {
        string path = Path.Combine(_folder, "data.csv");
        File.WriteAllBytes(path, [7]);

        using (AtomicFile file = AtomicFile.Begin(path, "the CSV file"))
        {
            file.Stream.Write([1, 2, 3]);
            file.Commit();
        }

        File.ReadAllBytes(path).Should().Equal(1, 2, 3);
        Directory.GetFiles(_folder).Should().Equal(path);
    }
}

using MnistTrainer.Runs;
using MnistTrainer.Tests.Support;

namespace MnistTrainer.Tests.Runs;

/// <summary>The CLI's one writer replaces files whole or not at all, and a run folder belongs to one process at a time.</summary>
public sealed class OutputFolderTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void WriteFile_DiskFullMidway_LeavesThePreviousFileWholeAndNoTemporaryFile()
    {
        string path = _folder.WriteText("summary.json", "{\"previous\": true}");
        byte[] content = new byte[100_000];
        Random.Shared.NextBytes(content);

        var act = () => OutputFolder.WriteFile(path, stream => new FullDiskStream(stream, capacity: 40_000).Write(content));

        act.Should().Throw<UsageException>().WithMessage($"*{path}*No space left on device*previous file*unchanged*");
        File.ReadAllText(path).Should().Be("{\"previous\": true}");
        Directory.GetFiles(_folder.Path).Should().Equal(path);
    }

    [Fact]
    public void WriteFile_WriterThrows_LeavesNoFileWhereThereWasNone()
    {
        string path = _folder.File("new.svg");

        var act = () => OutputFolder.WriteFile(path, _ => throw new InvalidOperationException("the chart failed"));

        act.Should().Throw<InvalidOperationException>();
        Directory.GetFiles(_folder.Path).Should().BeEmpty();
    }

    [Fact]
    public void WriteText_Replaces_WholeContentAsUtf8WithoutBom()
    {
        string path = _folder.WriteText("lr-sweep.jsonl", "old\n");

        OutputFolder.WriteText(path, "{\"é\": 1}\n");

        File.ReadAllBytes(path).Should().Equal("{\"é\": 1}\n"u8.ToArray());
    }

    [Fact]
    public void WriteFile_OverAFolder_IsAUsageErrorNamingIt()
    {
        string folder = _folder.File("picture.svg");
        Directory.CreateDirectory(folder);

        var act = () => OutputFolder.WriteText(folder, "<svg/>");

        act.Should().Throw<UsageException>().WithMessage($"*{folder}*folder*");
    }

    [Fact]
    public void Claim_FolderClaimedTwice_RefusesTheSecondUntilTheFirstIsReleased()
    {
        string folder = _folder.File("run");
        using (RunFolder first = OutputFolder.Claim(folder, []))
        {
            var second = () => OutputFolder.Claim(folder, []);

            second.Should().Throw<UsageException>().WithMessage($"*--output {first.Path} is in use*another MnistTrainer process*");
        }

        using RunFolder again = OutputFolder.Claim(folder, []);
        again.Path.Should().Be(folder);
    }

    [Fact]
    public void Claim_NothingWritten_RemovesTheFolderItMade()
    {
        string folder = _folder.File("unused-run");

        OutputFolder.Claim(folder, []).Dispose();

        Directory.Exists(folder).Should().BeFalse("a command that failed before writing leaves no empty run folder");
    }

    [Fact]
    public void Claim_FolderIsTheDataFolder_IsRefusedBeforeAnythingIsWritten()
    {
        string data = SyntheticDigits.WriteIdxFolder(_folder.File("data"));
        string[] before = Directory.GetFiles(data);

        var act = () => OutputFolder.Claim(data, [("--data", data)]);

        act.Should().Throw<UsageException>().WithMessage("*--output*is the --data input*");
        Directory.GetFiles(data).Should().Equal(before);
    }

    [Fact]
    public void Claim_InputWithAReportName_IsRefused()
    {
        string run = _folder.File("run");
        Directory.CreateDirectory(run);
        string input = Path.Combine(run, "history.csv");
        SyntheticDigits.WriteCsv(input, 10, seed: 1);

        var act = () => OutputFolder.Claim(run, [("--train", input)]);

        act.Should().Throw<UsageException>().WithMessage("*holds the --train input*history.csv*");
    }

    [Fact]
    public void RefuseOverwritingInputs_SameFileByAnotherPath_IsRefused()
    {
        string model = _folder.WriteText("model.nnet", "model");
        Directory.CreateDirectory(_folder.File("sub"));
        string sameByLink = _folder.File("link.nnet");
        File.CreateSymbolicLink(sameByLink, model);

        var direct = () => OutputFolder.RefuseOverwritingInputs("--onnx", Path.Combine(_folder.Path, "sub", "..", "model.nnet"), [("--model", model)]);
        var linked = () => OutputFolder.RefuseOverwritingInputs("--onnx", sameByLink, [("--model", model)]);

        direct.Should().Throw<UsageException>().WithMessage("*--onnx*also read by this command (as --model)*");
        linked.Should().Throw<UsageException>().WithMessage("*--onnx*also read by this command (as --model)*");
    }

    [Fact]
    public void FileStatus_SpecialFiles_AreToldApart()
    {
        if (!SpecialFiles.Available)
        {
            return; // Linux only: pipes and /dev
        }

        string fifo = SpecialFiles.Fifo(_folder.File("pipe"));

        FileStatus.KindOf(fifo).Should().Be(PathKind.Pipe);
        FileStatus.KindOf(SpecialFiles.Zero).Should().Be(PathKind.Device);
        FileStatus.KindOf(_folder.Path).Should().Be(PathKind.Directory);
        FileStatus.KindOf(_folder.WriteText("plain", "x")).Should().Be(PathKind.File);
        FileStatus.KindOf(_folder.File("missing")).Should().Be(PathKind.Missing);
    }
}

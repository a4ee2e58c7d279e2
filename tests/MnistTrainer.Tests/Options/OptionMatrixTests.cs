using System.CommandLine;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using MnistTrainer.Commands;
using MnistTrainer.Options;
using MnistTrainer.Tests.Support;

namespace MnistTrainer.Tests.Options;

/// <summary>
/// Every command with malformed values of each of its options and arguments (zero, negative, NaN, infinite, huge,
/// the wrong culture's <c>0,5</c>, the wrong type, empty, and for paths: a folder, a pipe, a device, a missing or
/// damaged file, one of the command's own inputs): each must exit with 2 and one line on standard error that names
/// the option (or the file), with no library names, no <c>(Parameter 'x')</c> and no control characters.
/// </summary>
/// <remarks>
/// The cases come from the command tree itself: a numeric option's battery from its <see cref="NumberRange"/>, a
/// list's from its items' range, switches and index ranges from their type; text options are classified by name in
/// <see cref="TextKinds"/>, and <see cref="EveryOption_IsClassified"/> fails for one that is not, so a new option is
/// covered as soon as it exists or the suite says what to add. In-process and fast (the whole matrix in seconds).
/// </remarks>
[Collection(TrainedModelCollection.Name)]
public sealed partial class OptionMatrixTests(TrainedModel model, OptionMatrixTests.Files files) : IClassFixture<OptionMatrixTests.Files>
{
    /// <summary>How the text options are malformed, by kind.</summary>
    private static readonly Dictionary<string, string[]> TextBatteries = new()
    {
        ["choice"] = ["", "bogus", "0,5", "NaN"],
        ["schedule"] = ["", "zigzag", "step:0", "step:5:0,5", "exp:NaN", "cosine:period=99999999999", "cosine:min=Infinity", "cosine:warmup=-1"],
        ["input-file"] = ["", "{dir}", "{fifo}", SpecialFiles.Zero, "{missing}", "{garbage}"],
        ["folder"] = ["", "{file}", "{fifo}", SpecialFiles.Zero],
        ["output-folder"] = ["", "{file}", "{file}/run", SpecialFiles.Null, "{data}"],
        ["output-file"] = ["", "{dir}", "{model}", SpecialFiles.Null, "{missing}/folder/file"],
        ["log-range"] = ["", "1e-4:1e-1", "0:1:3", "NaN:1e-1:3", "1e-4:Infinity:3", "1e-1:1e-4:3", "1e-4:1e-1:1", "1e-4:1e-1:99999999999", "0,001:0,1:3", "a:b:c"],
        ["index-range"] = ["", "abc", "10..5", "-1", "0,5", "99999999999", "NaN", "2147483647", "1e3..", "..0"],
        ["switch"] = ["maybe"],
        ["column"] = ["", "no-such-column"],
        ["names"] = ["", "a,,b", "a,a,b,c,d,e,f,g,h,i", "a,b"],
        ["layers"] =
        [
            "", "abc", "8;8", "8,,8", "NaN", "Infinity", "99999999999", "0", "-1", "conv", "conv:", "conv:32", "conv:0x5", "conv:32x0",
            "conv:32x5/s0", "conv:32x5/p-1", "conv:32x5/q2", "conv:32x5/s2/s2", "conv:32x5x5", "conv:32x1.5", "pool:0", "pool:2/p1",
            "avgpool:", "bn:3", "dense:128", "128,conv:8x3", "conv:8x99", "pool:2,pool:2,pool:2,pool:2,pool:2", "conv:8x3/p99999",
            "conv:99999x3,conv:99999x3",
        ],
    };

    /// <summary>The kind of every option or argument whose kind its type does not tell, by name (and by command where commands differ).</summary>
    private static readonly Dictionary<string, string> TextKinds = new()
    {
        ["--activation"] = "choice",
        ["--init"] = "choice",
        ["--optimizer"] = "choice",
        ["--schedule"] = "schedule",
        ["--model"] = "input-file",
        ["--resume"] = "input-file",
        ["--train"] = "input-file",
        ["--test"] = "input-file",
        ["INPUT"] = "input-file",
        ["--data"] = "folder",
        ["--output"] = "output-folder",
        ["--onnx"] = "output-file",
        ["--submission"] = "output-file",
        ["--log-range"] = "log-range",
        ["--task"] = "choice",
        ["--image-fit"] = "choice",
        ["--label"] = "column",
        ["--class-names"] = "names",
        ["--layers"] = "layers",
        ["train --model"] = "choice",
        ["tune --model"] = "choice",
    };

    /// <summary>Arguments that make each command valid, so that the value under test is the only thing wrong.</summary>
    private static readonly Dictionary<string, string[]> ValidArguments = new()
    {
        ["train"] = ["--data", "{data}", "--layers", "8", "--epochs", "1", "--output", "{out}"],
        ["tune"] = ["--data", "{data}", "--layers", "8", "--epochs", "1", "--rates", "0.01", "--output", "{out}"],
        ["evaluate"] = ["--model", "{model}", "--data", "{data}"],
        ["show"] = ["--model", "{model}", "--data", "{data}"],
        ["predict"] = ["--model", "{model}", "{csv}"],
        ["export"] = ["--model", "{model}", "--onnx", "{out}.onnx"],
    };

    /// <summary>Options whose test leaves out another of the valid arguments, which would contradict it.</summary>
    private static readonly Dictionary<string, string> Displaces = new()
    {
        ["--train"] = "--data",
        ["--iterations"] = "--epochs",
        ["--log-range"] = "--rates",
        ["INPUT"] = "{csv}",
    };

    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach ((Command command, Symbol symbol) in Symbols())
        {
            // A word after a switch is a positional argument where the command takes some ('predict --verbose maybe' predicts the file 'maybe').
            if (ValueType(symbol) == typeof(bool) && command.Arguments.Count > 0)
            {
                continue;
            }

            foreach (string value in Battery(command, symbol) ?? [])
            {
                data.Add(command.Name, symbol.Name, value);
            }
        }

        return data;
    }

    [Fact]
    public void EveryOption_IsClassified()
    {
        string[] unclassified = [.. Symbols().Where(s => Battery(s.Command, s.Symbol) is null).Select(s => $"{s.Command.Name} {s.Symbol.Name} ({ValueType(s.Symbol).Name})")];

        unclassified.Should().BeEmpty("every option and argument needs malformed values in the matrix: make it a NumberOption or NumberListOption, or add its name to TextKinds");
        Cases().Count.Should().BeGreaterThan(300);
    }

    [Fact]
    public void EveryNumericOption_ReadsThroughNumberRange()
    {
        // A bare Option<int> or Option<float> would parse with the current culture: under de-DE "0.001" is 1.
        Type[] numeric = [typeof(int), typeof(long), typeof(float), typeof(double), typeof(int?), typeof(long?), typeof(float?), typeof(double?), typeof(int[]), typeof(float[])];
        string[] bare = [.. Symbols()
            .Where(s => numeric.Contains(ValueType(s.Symbol)) && s.Symbol.Name != "--log-range")
            .Where(s => !IsNumberOption(s.Symbol))
            .Select(s => $"{s.Command.Name} {s.Symbol.Name}")];

        bare.Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Command_MalformedValue_ExitsTwoWithOneLineNamingTheOption(string commandName, string option, string value)
    {
        string output = files.Folder.File($"out-{Guid.NewGuid():N}");
        string resolved = files.Resolve(value, model, output);
        string modelHash = Hash(model.ModelPath);
        List<string> args = [commandName, .. WithoutDisplaced(ValidArguments[commandName], option).Select(a => files.Resolve(a, model, output))];
        args.AddRange(option == "INPUT" ? [resolved] : [option, resolved]);

        CliResult result = await Cli.RunAsync([.. args]);

        result.ExitCode.Should().Be(ExitCodes.Usage, result.ToString());
        string line = result.ErrorLines.Should().ContainSingle(result.ToString()).Which;
        line.Should().StartWith("error:");
        Symbol symbol = Find(commandName, option);
        string[] names = symbol is Option o ? [o.Name, .. o.Aliases] : ["input", symbol.Name];
        bool namesIt = names.Any(n => line.Contains(n, StringComparison.Ordinal))
            || (resolved.Length > 0 && line.Contains(Path.GetFileName(resolved.TrimEnd('/')), StringComparison.Ordinal));
        namesIt.Should().BeTrue($"the message names {option} or the file: {line}");
        line.Should().NotContain("(Parameter").And.NotContain("Actual value");
        LibraryName().IsMatch(line).Should().BeFalse($"the message speaks of options, not the library's members: {line}");
        line.Should().NotContainAny(Enumerable.Range(0, 32).Select(c => ((char)c).ToString()));
        Directory.Exists(output).Should().BeFalse("a refused command writes nothing");
        File.Exists(output + ".onnx").Should().BeFalse("a refused command writes nothing");
        Hash(model.ModelPath).Should().Be(modelHash, "no input is changed");
    }

    /// <summary>Every option and argument of every command, as the tree has them (help and version aside).</summary>
    private static IEnumerable<(Command Command, Symbol Symbol)> Symbols()
    {
        RootCommand root = CommandTree.Build(new CommandContext(TextWriter.Null, TextWriter.Null, [], CancellationToken.None));
        Option[] recursive = [.. root.Options.Where(o => o.Recursive && o is not System.CommandLine.Help.HelpOption)];
        foreach (Command command in root.Subcommands)
        {
            foreach (Option option in command.Options.Concat(recursive).Where(o => o is not System.CommandLine.Help.HelpOption and not VersionOption))
            {
                yield return (command, option);
            }

            foreach (Argument argument in command.Arguments)
            {
                yield return (command, argument);
            }
        }
    }

    private static Symbol Find(string command, string name) => Symbols().First(s => s.Command.Name == command && s.Symbol.Name == name).Symbol;

    private static Type ValueType(Symbol symbol) => symbol is Option o ? o.ValueType : ((Argument)symbol).ValueType;

    private static bool IsNumberOption(Symbol symbol) =>
        symbol.GetType().IsGenericType && symbol.GetType().GetGenericTypeDefinition() is var d && (d == typeof(NumberOption<>) || d == typeof(NumberListOption<>));

    /// <summary>The malformed values for <paramref name="symbol"/> of <paramref name="command"/>, or null when the matrix does not know its kind.</summary>
    private static string[]? Battery(Command command, Symbol symbol)
    {
        if (symbol.GetType().IsGenericType && symbol.GetType().GetGenericTypeDefinition() == typeof(NumberOption<>))
        {
            var range = (NumberRange)symbol.GetType().GetProperty("Range")!.GetValue(symbol)!;
            return NumberBattery(range);
        }

        if (symbol.GetType().IsGenericType && symbol.GetType().GetGenericTypeDefinition() == typeof(NumberListOption<>))
        {
            var item = (NumberRange)symbol.GetType().GetProperty("Item")!.GetValue(symbol)!;
            return ["", "abc", "8;8", "8,,8", "NaN", "Infinity", item.IsInteger ? "99999999999" : "1e39", .. NumberBattery(item).Where(v => v is "0" or "-1")];
        }

        if (ValueType(symbol) == typeof(bool))
        {
            return TextBatteries["switch"];
        }

        if (ValueType(symbol) == typeof(IndexRange))
        {
            return TextBatteries["index-range"];
        }

        return TextKinds.TryGetValue($"{command.Name} {symbol.Name}", out string? kind) || TextKinds.TryGetValue(symbol.Name, out kind) ? TextBatteries[kind] : null;
    }

    /// <summary>Values outside <paramref name="range"/> or not numbers at all.</summary>
    private static string[] NumberBattery(NumberRange range)
    {
        var values = new List<string> { "", "abc", "0,5", "NaN", "Infinity", "-Infinity", "1e39", "-1e39" };
        if (range.IsInteger)
        {
            values.AddRange(["1.5", "1e3", "99999999999999999999", ((long)range.Minimum - 1).ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            if (range.Maximum < long.MaxValue)
            {
                values.Add(((long)range.Maximum + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        if (!range.TryRead("0", out _, out _, out _))
        {
            values.Add("0");
        }

        if (!range.TryRead("-1", out _, out _, out _))
        {
            values.Add("-1");
        }

        if (!range.IsInteger && range.Maximum < float.MaxValue)
        {
            values.Add(range.Maximum.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + (range.MaximumExclusive ? "" : "1"));
        }

        return [.. values.Distinct()];
    }

    private static IEnumerable<string> WithoutDisplaced(string[] arguments, string option)
    {
        string? displaced = Displaces.GetValueOrDefault(option);
        for (int i = 0; i < arguments.Length; i++)
        {
            if (arguments[i] == displaced && displaced.StartsWith('{'))
            {
                continue;
            }

            if (arguments[i] == option || arguments[i] == displaced)
            {
                i++;
                continue;
            }

            yield return arguments[i];
        }
    }

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    [GeneratedRegex(@"\b(Trainer|TrainerOptions|Network|Dataset|DatasetLoader|Optimizer|DenseLayer|LearningRateSchedule|CsvReader|IdxReader)\.[A-Z]")]
    private static partial Regex LibraryName();

    /// <summary>The files the values stand for: a folder, a pipe, a damaged file, a plain file.</summary>
    public sealed class Files : IDisposable
    {
        public Files()
        {
            Directory.CreateDirectory(Folder.File("a folder"));
            if (SpecialFiles.Available)
            {
                SpecialFiles.Fifo(Folder.File("pipe"));
            }

            // Bytes that would recolour the terminal, set its title and ring its bell if echoed raw, then a very long cell.
            File.WriteAllText(Folder.File("garbage.bin"), "\u001b[31mred\u001b]0;title\u0007,\u009b2J\n" + new string('A', 5000) + ",1,2\n");
            File.WriteAllText(Folder.File("plain-file"), "not a folder");
            SyntheticDigits.WriteCsv(Folder.File("rows.csv"), 5, seed: 31);
        }

        public TempFolder Folder { get; } = new();

        /// <summary>The value with its placeholders filled in.</summary>
        public string Resolve(string value, TrainedModel model, string output) => value
            .Replace("{dir}", Folder.File("a folder"), StringComparison.Ordinal)
            .Replace("{fifo}", Folder.File("pipe"), StringComparison.Ordinal)
            .Replace("{missing}", Folder.File("missing"), StringComparison.Ordinal)
            .Replace("{garbage}", Folder.File("garbage.bin"), StringComparison.Ordinal)
            .Replace("{file}", Folder.File("plain-file"), StringComparison.Ordinal)
            .Replace("{data}", model.DataFolder, StringComparison.Ordinal)
            .Replace("{model}", model.ModelPath, StringComparison.Ordinal)
            .Replace("{csv}", Folder.File("rows.csv"), StringComparison.Ordinal)
            .Replace("{out}", output, StringComparison.Ordinal);

        public void Dispose() => Folder.Dispose();
    }
}

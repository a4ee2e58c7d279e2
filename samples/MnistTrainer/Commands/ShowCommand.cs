using System.CommandLine;
using System.Globalization;
using MnistTrainer.Datasets;
using MnistTrainer.Display;
using MnistTrainer.Options;
using MnistTrainer.Report;
using MnistTrainer.Runs;
using NeuralNet;
using NeuralNet.Data;
using Spectre.Console;

namespace MnistTrainer.Commands;

/// <summary><c>show</c>: draws test images in the terminal with block characters, each with its true and predicted label; mistakes are marked.</summary>
internal sealed class ShowCommand
{
    private const int DigitGap = 3;

    private readonly CommandContext _context;
    private readonly Option<string> _model = CommonOptions.Model(required: false);
    private readonly DataOptionSet _data = new(withTrainingFile: false);
    private readonly NumberOption<int> _count = new("--count", NumberRange.Integer(1, example: "12"), "-n")
    {
        Description = "How many images to draw.",
        DefaultValueFactory = _ => 12,
    };

    private readonly NumberOption<int> _start = new("--start", NumberRange.Integer(0, example: "100"))
    {
        Description = "The index of the first image.",
        HelpName = "INDEX",
    };

    private readonly Option<bool> _mistakes = new("--mistakes")
    {
        Description = "Only images the model gets wrong (from --start on).",
    };

    /// <summary>Creates the command over <paramref name="context"/>.</summary>
    public ShowCommand(CommandContext context)
    {
        _context = context;
    }

    /// <summary>The command with its options and action.</summary>
    public Command Build()
    {
        var command = new Command("show", "Draw test images in the terminal with their true and predicted labels; mistakes are marked with ✗.");
        command.Add(_model);
        _data.AddTo(command);
        command.Add(_count);
        command.Add(_start);
        command.Add(_mistakes);
        command.SetAction((result, _) => RunAsync(result));
        return command;
    }

    private async Task<int> RunAsync(ParseResult result)
    {
        int count = result.GetValue(_count);
        int start = result.GetValue(_start);
        if (count < 1)
        {
            throw new UsageException($"--count must be at least 1; got {count}.");
        }

        (Network network, string modelPath) = ModelFile.Load(result.GetValue(_model), _context.Error);
        if (OutputHead.IsRegression(network))
        {
            throw new UsageException($"the model {modelPath} ({network}) predicts values (a regression); 'show' draws images with their classes. Use 'evaluate' or 'predict' with it.");
        }

        if (TableColumns.Of(network) is { } columns)
        {
            throw new UsageException($"the model {modelPath} ({network}) was trained on a table ({string.Join(", ", columns.Take(5).Select(c => ErrorReport.Safe(c)))}{(columns.Count > 5 ? ", ..." : "")}); 'show' draws images. Use 'evaluate' or 'predict' with it.");
        }

        (Dataset test, string source) = await DataSources.LoadTestAsync(_data.Read(result), network, modelPath, _context, _context.Error).ConfigureAwait(false);
        Fit.Check(network, test, $"the model {modelPath}", source);
        int side = DigitArt.Side(test.FeatureCount)
            ?? throw new UsageException($"{source} has {test.FeatureCount} features per sample, which is not a square image; 'show' draws square images such as MNIST's 28×28.");
        if (start < 0 || start >= test.Count)
        {
            throw new UsageException($"--start {start} is outside the {test.Count} samples of {source} (0..{test.Count - 1}).");
        }

        int[] predicted = Predictions.Classes(network, test);
        IEnumerable<int> indices = Enumerable.Range(start, test.Count - start);
        if (result.GetValue(_mistakes))
        {
            indices = indices.Where(i => predicted[i] != test.Labels[i]);
        }

        DigitSample[] digits = [.. indices.Take(count).Select(i => SampleChoice.At(test, predicted, i))];
        Draw(digits, side, network.ClassNames is null ? null : ClassLabels.Of(network));
        int wrong = digits.Count(d => d.IsWrong);
        _context.Console.MarkupLineInterpolated($"{digits.Length} images from {source}, model {modelPath}: {wrong} wrong.");
        return ExitCodes.Success;
    }

    private void Draw(IReadOnlyList<DigitSample> digits, int side, string[]? names)
    {
        IAnsiConsole console = _context.Console;
        int perRow = Math.Max(1, (console.Profile.Width + DigitGap) / (side + DigitGap));
        for (int first = 0; first < digits.Count; first += perRow)
        {
            DigitSample[] row = [.. digits.Skip(first).Take(perRow)];
            string[][] art = [.. row.Select(d => DigitArt.Lines(d.Pixels, side))];
            for (int line = 0; line < art[0].Length; line++)
            {
                console.WriteLine(string.Join(new string(' ', DigitGap), art.Select(a => a[line])));
            }

            string gap = new(' ', DigitGap);
            console.MarkupLine(string.Join(gap, row.Select(d => Caption(d, side, names))));
            console.WriteLine();
        }
    }

    /// <summary>A caption as wide as the image: <c>#12 7→7</c>, or <c>#8 5→6 ✗</c> in red; with class names, each cut so that the caption fits the image's width (<c>#3 Trou→Dres ✗</c>).</summary>
    private static string Caption(DigitSample digit, int side, string[]? names)
    {
        string prefix = string.Create(CultureInfo.InvariantCulture, $"#{digit.Index} ");
        string mark = digit.IsWrong ? " ✗" : "";
        string truth = digit.TrueLabel.ToString(CultureInfo.InvariantCulture);
        string guess = digit.Predicted.ToString(CultureInfo.InvariantCulture);
        if (names is not null)
        {
            int room = Math.Max(3, (side - prefix.Length - mark.Length - 1) / 2);
            (truth, guess) = (Cut(names[digit.TrueLabel], room), Cut(names[digit.Predicted], room));
        }

        string padded = Markup.Escape($"{prefix}{truth}→{guess}{mark}".PadRight(side));
        return digit.IsWrong ? $"[red bold]{padded}[/]" : padded;
    }

    private static string Cut(string name, int length) => name.Length <= length ? name : string.Concat(name.AsSpan(0, length - 1), "…");
}

using System.CommandLine;
using System.Globalization;
using System.Text;
using MathNet.Numerics.LinearAlgebra;
using MnistTrainer.Datasets;
using MnistTrainer.Display;
using MnistTrainer.Options;
using MnistTrainer.Report;
using MnistTrainer.Runs;
using NeuralNet;
using NeuralNet.Data;
using NeuralNet.Imaging;
using NeuralNet.Preprocessing;

namespace MnistTrainer.Commands;

/// <summary><c>predict</c>: a saved model's class and its probability for every input sample, as CSV (a regression's predicted values); or a Kaggle submission file.</summary>
/// <remarks>
/// <para>Inputs are CSV files (one sample per row, a label column is recognised and ignored; a model of a table reads a
/// file with a header by its feature names, in any order, other columns skipped) or IDX images files; several are taken
/// in order as one sequence, whose positions are the <c>index</c> column and what <c>--range</c> selects. Standard
/// output gets <c>index,label,probability</c> and one line per sample, the label being the class's name when the model
/// has names (<c>--class-names</c> at training, or a table's string labels), else its number; a regression model prints
/// <c>index,value</c> (<c>value0,value1,…</c> for several targets). With <c>--submission FILE</c> the file gets Kaggle's
/// <c>ImageId,Label</c> instead (ImageId counting from 1, Label the class number as Kaggle's files have it).</para>
/// <para>Pixels already scaled to [0, 1] given to a model of 0–255 pixels are converted, with a note on standard error;
/// already-scaled values of another range are refused (<see cref="PixelValues.ForModel"/>).</para>
/// <para>Image files (PNG, JPEG, BMP, told by their first bytes) are one sample each, preprocessed as MNIST was by
/// <see cref="ImageInput"/> (or stretched with <c>--image-fit stretch</c>): standard output gets <c>file,label,probability</c>
/// (a regression's <c>file,value</c>) and one line per file, in the order given.</para>
/// <para>Names and file names come from files and command lines: they are printed with control characters escaped
/// (<see cref="ErrorReport.Safe"/>) and quoted as CSV fields when they hold a comma or a quote.</para>
/// </remarks>
internal sealed class PredictCommand
{
    private const int Chunk = 2048;

    private readonly CommandContext _context;
    private readonly Option<string> _model = CommonOptions.Model(required: true);
    private readonly Argument<string[]> _inputs = new("INPUT")
    {
        Description = "CSV files of samples (one per row), IDX images files, or image files (PNG, JPEG, BMP: one sample each), taken in order.",
        Arity = ArgumentArity.OneOrMore,
    };

    private readonly Option<IndexRange> _range = new("--range")
    {
        Description = "Only the samples at START..END (END excluded; either may be omitted), counted over all inputs in order.",
        HelpName = "START..END",
        CustomParser = OptionParsers.IndexRange,
        DefaultValueFactory = _ => IndexRange.All,
    };

    private readonly Option<string?> _submission = new("--submission")
    {
        Description = "Write a Kaggle submission (ImageId,Label, ImageId from 1) to this file instead of printing the predictions.",
        HelpName = "FILE",
    };

    private readonly Option<string> _imageFit = new Option<string>("--image-fit")
    {
        Description = "How image files become the model's input: center-of-mass (MNIST's layout: the ink's bounding box fitted into 20x20, centred by its centre of mass in 28x28) or stretch (the whole image resized).",
        HelpName = "center-of-mass|stretch",
        DefaultValueFactory = _ => "center-of-mass",
    }.OneOf("center-of-mass", "stretch");

    /// <summary>Creates the command over <paramref name="context"/>.</summary>
    public PredictCommand(CommandContext context)
    {
        _context = context;
    }

    /// <summary>The command with its options and action.</summary>
    public Command Build()
    {
        var command = new Command("predict", "Predict the class of every input sample: CSV on standard output (index,label,probability), or a Kaggle submission file.");
        command.Add(_model);
        command.Add(_inputs);
        command.Add(_range);
        command.Add(_submission);
        command.Add(_imageFit);
        command.SetAction(Run);
        return command;
    }

    private int Run(ParseResult result)
    {
        string? model = result.GetValue(_model);
        string[] inputs = result.GetValue(_inputs)!;
        string? submission = result.GetValue(_submission);
        if (submission is not null)
        {
            OutputFolder.RefuseOverwritingInputs("--submission", submission, [("--model", model), .. inputs.Select(i => ("INPUT", (string?)i))]);
        }

        (Network network, _) = ModelFile.Load(model, _context.Error);
        int images = inputs.Count(ImageFiles.IsImageInput);
        if (images > 0)
        {
            if (images < inputs.Length)
            {
                string other = inputs.First(i => !ImageFiles.IsImageInput(i));
                throw new UsageException($"{other} is not an image but {inputs.First(ImageFiles.IsImageInput)} is; give either image files (PNG, JPEG, BMP) or dataset files (CSV, IDX), not both.");
            }

            PredictImages(network, inputs, result);
            return ExitCodes.Success;
        }

        List<Dataset> sets = [];
        foreach (string input in inputs)
        {
            Dataset set = DataFile.LoadInputs(input, network);
            Fit.CheckFeatures(network, set, "the model", input);

            // Predict takes raw inputs and applies the model's scaling: converted pixels are turned back into 0-255 values.
            sets.Add(PixelValues.ForModel(set, network, input, _context.Error).WithScaling(InputScaling.None));
        }

        int total = sets.Sum(s => s.Count);
        (int start, int count) = result.GetValue(_range).Within(total, inputs.Length == 1 ? inputs[0] : "the inputs");
        bool regression = OutputHead.IsRegression(network);
        if (submission is not null)
        {
            if (regression)
            {
                throw new UsageException($"--submission writes Kaggle's class labels, but the model {model} ({network}) predicts values (a regression); leave --submission out to print them.");
            }

            WriteSubmission(network, sets, start, count, submission);
            _context.Error.WriteLine($"Wrote {Figures(count)} predictions to {Path.GetFullPath(submission)}");
            return ExitCodes.Success;
        }

        TextWriter output = _context.Output;
        var line = new StringBuilder();
        output.Write($"index,{Columns(network)}\n");
        string[] labels = Labels(network);
        foreach ((int index, Matrix<float> outputs, int column) in Predict(network, sets, start, count))
        {
            line.Clear().Append(CultureInfo.InvariantCulture, $"{index},");
            Row(line, outputs, column, regression, labels);
            output.Write(line.Append('\n').ToString());
        }

        return ExitCodes.Success;
    }

    /// <summary>The header after the first column: <c>label,probability</c>, or a regression's <c>value</c> (<c>value0,value1,…</c>).</summary>
    private static string Columns(Network network) =>
        !OutputHead.IsRegression(network) ? "label,probability"
        : network.OutputSize == 1 ? "value"
        : string.Join(',', Enumerable.Range(0, network.OutputSize).Select(i => string.Create(CultureInfo.InvariantCulture, $"value{i}")));

    /// <summary>Every class's label as a CSV field: its name (made safe to print) or number.</summary>
    private static string[] Labels(Network network) => [.. ClassLabels.Of(network).Select(Csv)];

    /// <summary>Appends a sample's fields: the most probable class's label and probability, or every predicted value.</summary>
    private static void Row(StringBuilder line, Matrix<float> outputs, int column, bool regression, string[] labels)
    {
        if (regression)
        {
            for (int r = 0; r < outputs.RowCount; r++)
            {
                line.Append(r == 0 ? "" : ",").Append(outputs[r, column].ToString("R", CultureInfo.InvariantCulture));
            }

            return;
        }

        int best = 0;
        for (int c = 1; c < outputs.RowCount; c++)
        {
            if (outputs[c, column] > outputs[best, column])
            {
                best = c;
            }
        }

        line.Append(labels[best]).Append(CultureInfo.InvariantCulture, $",{outputs[best, column]:F6}");
    }

    private void PredictImages(Network network, string[] files, ParseResult result)
    {
        if (result.GetResult(_range) is { Implicit: false } || result.GetValue(_submission) is not null)
        {
            throw new UsageException("--range and --submission apply to dataset files; with image files every file is predicted and printed.");
        }

        ImageInputOptions options;
        try
        {
            options = ImageInputOptions.ForInputSize(network.InputSize, result.GetValue(_imageFit) == "stretch" ? ImageFit.Stretch : ImageFit.CenterOfMass);
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new UsageException($"the model {network} takes {network.InputSize} features, not a square image; predict CSV or IDX files with it instead.");
        }

        TextWriter output = _context.Output;
        bool regression = OutputHead.IsRegression(network);
        output.Write($"file,{Columns(network)}\n");
        string[] labels = Labels(network);
        var line = new StringBuilder();
        foreach (string file in files)
        {
            float[] pixels;
            try
            {
                pixels = ImageInput.Load(file, options);
            }
            catch (InvalidImageFileException e)
            {
                throw new UsageException(e.Message, e);
            }

            // Raw 0-255 values: the network applies the scaling it was trained with.
            float[] values = network.PredictProbabilities(pixels);
            Matrix<float> outputs = Matrix<float>.Build.Dense(values.Length, 1, values);
            line.Clear().Append(Csv(ErrorReport.Safe(file))).Append(',');
            Row(line, outputs, 0, regression, labels);
            output.Write(line.Append('\n').ToString());
        }
    }

    /// <summary>A file name as a CSV field: quoted when it holds a comma, a quote or a line break.</summary>
    private static string Csv(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    private static void WriteSubmission(Network network, List<Dataset> sets, int start, int count, string path)
    {
        var csv = new StringBuilder("ImageId,Label\n");
        foreach ((int index, Matrix<float> outputs, int column) in Predict(network, sets, start, count))
        {
            int best = 0;
            for (int c = 1; c < outputs.RowCount; c++)
            {
                best = outputs[c, column] > outputs[best, column] ? c : best;
            }

            csv.Append(CultureInfo.InvariantCulture, $"{index + 1},{best}\n");
        }

        // Atomically: a full disk or a crash leaves an earlier submission whole.
        OutputFolder.WriteText(path, csv.ToString());
    }

    /// <summary>The outputs of every sample from <paramref name="start"/> on, across the inputs in order: each sample's index, its chunk's outputs and its column in them.</summary>
    private static IEnumerable<(int Index, Matrix<float> Outputs, int Column)> Predict(Network network, List<Dataset> sets, int start, int count)
    {
        int offset = 0;
        int end = start + count;
        var indices = new int[Chunk];
        foreach (Dataset set in sets)
        {
            int from = Math.Max(start, offset) - offset;
            int to = Math.Min(end, offset + set.Count) - offset;
            for (int chunkStart = from; chunkStart < to; chunkStart += Chunk)
            {
                int chunk = Math.Min(Chunk, to - chunkStart);
                for (int i = 0; i < chunk; i++)
                {
                    indices[i] = chunkStart + i;
                }

                // The samples are raw: the network applies the scaling it was trained with.
                Matrix<float> outputs = network.PredictProbabilities(set.Subset(indices.AsSpan(0, chunk)).Inputs);
                for (int j = 0; j < chunk; j++)
                {
                    yield return (offset + chunkStart + j, outputs, j);
                }
            }

            offset += set.Count;
        }
    }

    private static string Figures(int count) => count.ToString("N0", CultureInfo.InvariantCulture);
}

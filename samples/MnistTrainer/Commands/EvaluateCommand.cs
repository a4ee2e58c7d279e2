using System.CommandLine;
using System.Text.Json;
using MnistTrainer.Datasets;
using MnistTrainer.Display;
using MnistTrainer.Options;
using MnistTrainer.Runs;
using NeuralNet;
using NeuralNet.Data;
using NeuralNet.Training;
using Spectre.Console;

namespace MnistTrainer.Commands;

/// <summary><c>evaluate</c>: a saved model's accuracy and loss on labelled samples, its confusion matrix, and per-class precision, recall and F1.</summary>
internal sealed class EvaluateCommand
{
    private readonly CommandContext _context;
    private readonly Option<string> _model = CommonOptions.Model(required: true);
    private readonly DataOptionSet _data = new(withTrainingFile: false);
    private readonly Option<bool> _json = CommonOptions.Json("the figures");

    /// <summary>Creates the command over <paramref name="context"/>.</summary>
    public EvaluateCommand(CommandContext context)
    {
        _context = context;
    }

    /// <summary>The command with its options and action.</summary>
    public Command Build()
    {
        var command = new Command("evaluate", "Evaluate a saved model on labelled samples: accuracy, loss, confusion matrix, per-class precision, recall and F1.");
        command.Add(_model);
        _data.AddTo(command);
        command.Add(_json);
        command.SetAction((result, _) => RunAsync(result));
        return command;
    }

    private async Task<int> RunAsync(ParseResult result)
    {
        bool json = result.GetValue(_json);
        (Network network, string modelPath) = ModelFile.Load(result.GetValue(_model), _context.Error);
        (Dataset test, string source) = await DataSources.LoadTestAsync(_data.Read(result), _context).ConfigureAwait(false);
        Fit.Check(network, test, $"the model {modelPath}", source);
        Evaluation evaluation = network.Evaluate(test);
        if (json)
        {
            WriteJson(evaluation, modelPath, source);
            return ExitCodes.Success;
        }

        IAnsiConsole console = _context.Console;
        console.MarkupLineInterpolated($"Model: {network} from {modelPath}");
        console.MarkupLineInterpolated($"Data:  {Figures.Count(test.Count)} samples from {source}");
        console.MarkupLineInterpolated($"[bold]Accuracy {Figures.Percent(evaluation.Accuracy)}[/], loss {Figures.Loss(evaluation.Loss)} ({Figures.Count(evaluation.Confusion!.Correct)} of {Figures.Count(evaluation.Count)} correct)");
        console.Write(ConfusionTable.Matrix(evaluation.Confusion));
        console.Write(ConfusionTable.PerClass(evaluation.Confusion));
        return ExitCodes.Success;
    }

    private void WriteJson(Evaluation evaluation, string modelPath, string source)
    {
        ConfusionMatrix confusion = evaluation.Confusion!; // the CLI evaluates classifiers
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("model", modelPath);
            json.WriteString("data", source);
            json.WriteNumber("samples", evaluation.Count);
            json.WriteNumber("accuracy", evaluation.Accuracy);
            json.WriteNumber("loss", evaluation.Loss);
            json.WriteNumber("macro_f1", confusion.MacroF1);
            json.WriteStartArray("confusion");
            for (int t = 0; t < confusion.ClassCount; t++)
            {
                json.WriteStartArray();
                for (int p = 0; p < confusion.ClassCount; p++)
                {
                    json.WriteNumberValue(confusion[t, p]);
                }

                json.WriteEndArray();
            }

            json.WriteEndArray();
            json.WriteStartArray("per_class");
            for (int c = 0; c < confusion.ClassCount; c++)
            {
                json.WriteStartObject();
                json.WriteNumber("class", c);
                json.WriteNumber("precision", confusion.Precision(c));
                json.WriteNumber("recall", confusion.Recall(c));
                json.WriteNumber("f1", confusion.F1(c));
                json.WriteNumber("support", confusion.TrueCount(c));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        _context.Output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }
}

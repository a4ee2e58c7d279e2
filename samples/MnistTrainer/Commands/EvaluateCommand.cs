using System.CommandLine;
using System.Text.Json;
using MnistTrainer.Datasets;
using MnistTrainer.Display;
using MnistTrainer.Options;
using MnistTrainer.Report;
using MnistTrainer.Runs;
using NeuralNet;
using NeuralNet.Data;
using NeuralNet.Training;
using Spectre.Console;

namespace MnistTrainer.Commands;

/// <summary><c>evaluate</c>: a saved model's figures on labelled samples: for a classifier its accuracy, loss, confusion matrix and per-class precision, recall and F1; for a regression R², RMSE and MAE.</summary>
/// <remarks>The samples are read as the model was trained (<see cref="DataSources.LoadTestAsync"/>): a regression's targets, the model's classes and their names, a table's columns by name.</remarks>
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
        var command = new Command("evaluate", "Evaluate a saved model on labelled samples: accuracy, loss, confusion matrix, per-class precision, recall and F1 (R², RMSE and MAE for a regression).");
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
        (Dataset test, string source) = await DataSources.LoadTestAsync(_data.Read(result), network, modelPath, _context, _context.Error).ConfigureAwait(false);
        Fit.Check(network, test, $"the model {modelPath}", source);
        Evaluation evaluation = network.Evaluate(test, OutputHead.LossOf(network));
        if (json)
        {
            WriteJson(network, evaluation, modelPath, source);
            return ExitCodes.Success;
        }

        IAnsiConsole console = _context.Console;
        console.MarkupLineInterpolated($"Model: {network} from {modelPath}");
        console.MarkupLineInterpolated($"Data:  {Figures.Count(test.Count)} samples from {source}");
        if (evaluation.Regression is RegressionMetrics regression)
        {
            console.MarkupLineInterpolated(
                $"[bold]R² {Figures.RSquared(regression.RSquared)}[/], RMSE {Figures.Value(regression.RootMeanSquaredError)}, MAE {Figures.Value(regression.MeanAbsoluteError)} (mean squared error {Figures.Value(evaluation.Loss)}) on {Figures.Count(regression.Count)} samples");
            return ExitCodes.Success;
        }

        ConfusionMatrix confusion = evaluation.Confusion!;
        string[] labels = ClassLabels.Of(network);
        console.MarkupLineInterpolated($"[bold]Accuracy {Figures.Percent(evaluation.Accuracy)}[/], loss {Figures.Loss(evaluation.Loss)} ({Figures.Count(confusion.Correct)} of {Figures.Count(evaluation.Count)} correct)");
        console.Write(ConfusionTable.Matrix(confusion, labels));
        console.Write(ConfusionTable.PerClass(confusion, labels));
        return ExitCodes.Success;
    }

    private void WriteJson(Network network, Evaluation evaluation, string modelPath, string source)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("model", modelPath);
            json.WriteString("data", source);
            json.WriteNumber("samples", evaluation.Count);
            if (evaluation.Regression is RegressionMetrics regression)
            {
                json.WriteString("task", "regression");
                JsonFigures.Number(json, "loss", evaluation.Loss);
                JsonFigures.Number(json, "r2", regression.RSquared);
                JsonFigures.Number(json, "rmse", regression.RootMeanSquaredError);
                JsonFigures.Number(json, "mae", regression.MeanAbsoluteError);
                json.WriteEndObject();
            }
            else
            {
                ConfusionMatrix confusion = evaluation.Confusion!;
                json.WriteString("task", "classification");
                json.WriteNumber("accuracy", evaluation.Accuracy);
                JsonFigures.Number(json, "loss", evaluation.Loss);
                json.WriteNumber("macro_f1", confusion.MacroF1);
                JsonFigures.ClassNames(json, network.ClassNames);
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
                JsonFigures.PerClass(json, confusion, network.ClassNames);
                json.WriteEndObject();
            }
        }

        _context.Output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }
}

using System.CommandLine;
using MnistTrainer.Options;
using MnistTrainer.Runs;
using NeuralNet;
using NeuralNet.Serialization.Onnx;

namespace MnistTrainer.Commands;

/// <summary><c>export</c>: writes a saved model as an ONNX file for ONNX Runtime, OpenCV and other engines.</summary>
internal sealed class ExportCommand
{
    private readonly CommandContext _context;
    private readonly Option<string> _model = CommonOptions.Model(required: true);
    private readonly Option<string> _onnx = new("--onnx")
    {
        Description = "The ONNX file to write (replaced atomically).",
        HelpName = "FILE",
        Required = true,
    };

    /// <summary>Creates the command over <paramref name="context"/>.</summary>
    public ExportCommand(CommandContext context)
    {
        _context = context;
    }

    /// <summary>The command with its options and action.</summary>
    public Command Build()
    {
        var command = new Command("export", "Write a saved model as an ONNX model (it takes raw pixels, as 'predict' does).");
        command.Add(_model);
        command.Add(_onnx);
        command.SetAction(Run);
        return command;
    }

    private int Run(ParseResult result)
    {
        string? model = result.GetValue(_model);
        string onnx = Path.GetFullPath(result.GetValue(_onnx)!);
        OutputFolder.RefuseOverwritingInputs("--onnx", onnx, [("--model", model)]);
        (Network network, string modelPath) = ModelFile.Load(model, _context.Error);

        try
        {
            network.ExportOnnx(onnx);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--onnx {onnx} cannot be written: {e.Message}", e);
        }

        _context.Output.WriteLine($"Wrote {network} from {modelPath} to {onnx}");
        return ExitCodes.Success;
    }
}

using BenchmarkDotNet.Running;
using NeuralNet.Benchmarks;

// --step-ratio: the step against its products in alternating rounds (see StepRatio); anything else is BenchmarkDotNet's.
if (args is ["--step-ratio", .. var rest])
{
    StepRatio.Run(rest);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

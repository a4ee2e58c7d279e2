using BenchmarkDotNet.Running;
using NeuralNet.Benchmarks;
using NeuralNet.Benchmarks.Data;

// --step-ratio: the step against its products in alternating rounds (see StepRatio); --cnn-ratio: the same for the CNN (see CnnStepRatio);
// --load-memory: peak resident memory while loading MNIST (see LoadingPeakMemory); anything else is BenchmarkDotNet's.
if (args is ["--step-ratio", .. var rest])
{
    StepRatio.Run(rest);
    return;
}

if (args is ["--cnn-ratio", .. var cnnRest])
{
    CnnStepRatio.Run(cnnRest);
    return;
}

if (args is ["--load-memory"])
{
    LoadingPeakMemory.Run();
    return;
}

if (args is [LoadingPeakMemory.ChildFlag, .. var paths])
{
    LoadingPeakMemory.Child(paths);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

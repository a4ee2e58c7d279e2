using BenchmarkDotNet.Running;
using NeuralNet.Benchmarks;
using NeuralNet.Benchmarks.Data;

// --step-ratio: the step against its products in alternating rounds (see StepRatio);
// --products: each product shape of a training step on every engine, alternating (see ProductRatio);
// --backend: what the default search chooses and the calibration of each library named (see BackendChoice);
// --load-memory: peak resident memory while loading MNIST (see LoadingPeakMemory); anything else is BenchmarkDotNet's.
if (args is ["--step-ratio", .. var rest])
{
    StepRatio.Run(rest);
    return;
}

if (args is ["--products", .. var productArgs])
{
    ProductRatio.Run(productArgs);
    return;
}

if (args is ["--backend", .. var libraries])
{
    BackendChoice.Run(libraries);
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

using BenchmarkDotNet.Running;
using NeuralNet.Benchmarks;
using NeuralNet.Benchmarks.Data;

// --step-ratio: the step against its products in alternating rounds (see StepRatio);
// --products: each product shape of a training step on every engine, alternating (see ProductRatio);
// --train-ratio: the compare networks' training step on the managed kernel against the BLAS path, alternating (see TrainRatio);
// --predict-ratio: one-sample latency and batch throughput on both backends and ONNX Runtime, alternating (see PredictRatio);
// --backend: what the default search chooses and the calibration of each library named (see BackendChoice);
// --cnn-ratio: the CNN's step against its products (see CnnStepRatio);
// --fit-ratio: one epoch of Trainer.Fit against as many bare steps (see FitRatio);
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

if (args is ["--train-ratio", .. var trainArgs])
{
    TrainRatio.Run(trainArgs);
    return;
}

if (args is ["--predict-ratio", .. var predictArgs])
{
    PredictRatio.Run(predictArgs);
    return;
}

if (args is ["--backend", .. var libraries])
{
    BackendChoice.Run(libraries);
    return;
}

if (args is ["--fit-ratio", .. var fitArgs])
{
    FitRatio.Run(fitArgs);
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

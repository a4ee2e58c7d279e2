using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NeuralNet.Compute;

/// <summary>Products split between a native BLAS and the managed kernel by class, as a <see cref="BlasCalibration"/> measured them.</summary>
/// <remarks>Each part of a product goes to the engine that was faster on its class (<see cref="BlasCalibration.ClassOf"/>), so
/// a given product always takes the same route and its bits are reproducible.</remarks>
internal sealed unsafe class RoutedMatrixMultiplier : SlicedMatrixMultiplier
{
    /// <summary>Routes the classes of <paramref name="calibration"/>'s <see cref="BlasCalibration.NativeClasses"/> to its library and the others to the managed kernel.</summary>
    public RoutedMatrixMultiplier(BlasCalibration calibration, int threads)
        : base(threads, &Kernel, Allocate(calibration))
    {
        Calibration = calibration;
        calibration.Blas.SetThreads(1);
    }

    /// <summary>The measurement behind the routes.</summary>
    public BlasCalibration Calibration { get; }

    /// <inheritdoc />
    public override string Name => $"{Calibration.Blas.Provider} and managed";

    // The routes live in native memory, read by the static kernel through GemmArguments.Context; a multiplier is made
    // once per library and thread count and kept for the process, so this is never freed.
    private static IntPtr Allocate(BlasCalibration calibration)
    {
        var route = (Route*)NativeMemory.Alloc((nuint)sizeof(Route));
        route->Sgemm = (IntPtr)calibration.Blas.Sgemm;
        route->NativeClasses = calibration.NativeClasses;
        return (IntPtr)route;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel(in GemmArguments g)
    {
        var route = (Route*)g.Context;
        if (g.N > 2 && (route->NativeClasses & (1 << BlasCalibration.ClassOf(g))) != 0)
        {
            NativeMatrixMultiplier.Sgemm(g, route->Sgemm);
        }
        else
        {
            ManagedKernelMultiplier.Kernel(g);
        }
    }

    private struct Route
    {
        public IntPtr Sgemm;
        public int NativeClasses;
    }
}

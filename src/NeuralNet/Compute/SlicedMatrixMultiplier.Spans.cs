using System.Runtime.CompilerServices;

namespace NeuralNet.Compute;

/// <summary>The entry of <see cref="MatrixMultiplier"/>'s span form into the sliced kernels.</summary>
internal abstract unsafe partial class SlicedMatrixMultiplier
{
    /// <summary>Fills in this multiplier's kernel and computes <paramref name="args"/>: cut over the helper threads when that pays, or on the calling thread only.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void RunWithKernel(ref GemmArguments args, bool singleThreaded)
    {
        args.Kernel = _kernel;
        args.Context = _context;
        if (singleThreaded)
        {
            args.Parts = 1;
            args.Kernel(args);
            return;
        }

        Run(ref args);
    }
}

namespace NeuralNet.Compute;

/// <summary>Chooses and describes the engine behind every matrix product of the library.</summary>
/// <remarks>
/// The library routes its own products through one internal seam; MathNet's global provider, and so any
/// MathNet code of the caller, is left untouched. Switching is not meant to happen while a network is
/// training or predicting on another thread.
/// </remarks>
public static class ComputeBackend
{
    private static MatrixMultiplier? _multiplier;

    /// <summary>What is in use now.</summary>
    public static ComputeBackendInfo Current => new(Multiplier.Name, null, 1);

    /// <summary>Routes every product through MathNet's managed provider.</summary>
    public static void UseManaged() => _multiplier = ManagedMatrixMultiplier.Instance;

    /// <summary>The engine the layers call; chosen on first use.</summary>
    internal static MatrixMultiplier Multiplier => _multiplier ??= ManagedMatrixMultiplier.Instance;
}

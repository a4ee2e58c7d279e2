namespace NeuralNet.Tests.Serialization.Onnx;

/// <summary>A fact that needs the independent ONNX readers: skipped on a developer machine without them, failed under CI=true.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class OnnxReadersFactAttribute : FactAttribute
{
    public OnnxReadersFactAttribute()
    {
        if (!OnnxReaders.IsCi && OnnxReaders.Missing is { } missing)
        {
            Skip = $"Skipped because {missing}. Under CI=true this test fails instead.";
        }
    }
}

using System.Numerics.Tensors;
using NeuralNet;
using NeuralNet.Layers;

namespace NeuralNetSide;

/// <summary>The update rules of the comparison, written as PyTorch's SGD and Adam (Kingma and Ba, 2015) until the library's optimizers are used here.</summary>
internal sealed class Updates(Network network, string optimizer, float learningRate)
{
    private const float Beta1 = 0.9f;
    private const float Beta2 = 0.999f;
    private const float Epsilon = 1e-8f;
    private readonly float[][] _m = network.Parameters.Select(p => new float[p.Length]).ToArray();
    private readonly float[][] _v = network.Parameters.Select(p => new float[p.Length]).ToArray();
    private readonly float[][] _scratch = network.Parameters.Select(p => new float[p.Length]).ToArray();
    private int _t;

    public void Step()
    {
        IReadOnlyList<Parameter> parameters = network.Parameters;
        if (optimizer == "sgd")
        {
            for (int i = 0; i < parameters.Count; i++)
            {
                Span<float> value = parameters[i].ValueSpan;
                TensorPrimitives.MultiplyAdd(parameters[i].GradientSpan, -learningRate, value, value);
            }

            return;
        }

        _t++;
        float correction1 = 1f - MathF.Pow(Beta1, _t);
        float correction2 = 1f - MathF.Pow(Beta2, _t);
        float stepSize = learningRate / correction1;
        float rootCorrection2 = MathF.Sqrt(correction2);
        for (int i = 0; i < parameters.Count; i++)
        {
            Span<float> g = parameters[i].GradientSpan;
            Span<float> value = parameters[i].ValueSpan;
            Span<float> m = _m[i], v = _v[i], s = _scratch[i];

            // m ← β1·m + (1−β1)·g ; v ← β2·v + (1−β2)·g² ; θ ← θ − (η/(1−β1^t))·m / (√v/√(1−β2^t) + ε)
            TensorPrimitives.Lerp(m, g, 1f - Beta1, m);
            TensorPrimitives.Multiply(g, g, s);
            TensorPrimitives.Lerp(v, s, 1f - Beta2, v);
            TensorPrimitives.Sqrt(v, s);
            TensorPrimitives.Multiply(s, 1f / rootCorrection2, s);
            TensorPrimitives.Add(s, Epsilon, s);
            TensorPrimitives.Divide(m, s, s);
            TensorPrimitives.MultiplyAdd(s, -stepSize, value, value);
        }
    }
}

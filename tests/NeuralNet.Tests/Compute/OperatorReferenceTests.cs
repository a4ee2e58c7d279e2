using NeuralNet.Compute;
using NeuralNet.Tests.Support;
using Lanes = System.Numerics.Vector<float>; // the tests import MathNet.Numerics.LinearAlgebra, which has a Vector<T> too

namespace NeuralNet.Tests.Compute;

// Long updates run on the products' helper thread, which the backend tests replace: run with them, alone.
[Collection(nameof(GlobalBackend))]
public sealed class OperatorReferenceTests
{
    public static TheoryData<string> Operators() => [.. OperatorChecks.Names];

    [Theory]
    [MemberData(nameof(Operators))]
    public void FastPath_EveryLengthAndSpecialValue_EqualsTheScalarFormBitForBit(string name)
    {
        OperatorChecks.Mismatches(name).Should().BeEmpty($"{name} computes every element as its scalar form, in the vector body, the tail and either half of a split update");
    }

    [Theory]
    [InlineData("AVX2", "DOTNET_EnableAVX512")]
    [InlineData("SSE (128-bit vectors)", "DOTNET_EnableAVX2")]
    public void FastPath_OnNarrowerVectors_EqualsTheScalarFormBitForBit(string path, string disabled)
    {
        var info = TestAssemblyProcess.StartInfo("operator-checks");
        info.Environment[disabled] = "0";
        info.Environment["DOTNET_EnableAVX512F"] = "0"; // the knob's name before .NET 10, which 10 ignores
        using var child = System.Diagnostics.Process.Start(info)!;
        string output = child.StandardOutput.ReadToEnd() + child.StandardError.ReadToEnd();
        child.WaitForExit();

        output.Should().Contain("Vector512 accelerated: False", $"the child runs the {path} code");
        if (disabled == "DOTNET_EnableAVX2")
        {
            output.Should().Contain("Vector<float> holds 4 floats");
        }

        child.ExitCode.Should().Be(0, $"on the {path} path every operator equals its scalar form:\n{output}");
    }

    [Fact]
    public void Check_VectorFormThatFusesAMultiplyAdd_IsCaught()
    {
        // The check can fail: rounding once (fused) where the scalar form rounds twice changes the last bit of some elements.
        OperatorChecks.Binary(default(FusedMultiplyAdd), 1003).Should().StartWith("result[");
    }

    private readonly struct FusedMultiplyAdd : IBinaryOperator
    {
        public float Invoke(float x, float y) => (x * y) + y;

        public Lanes Invoke(Lanes x, Lanes y) => System.Numerics.Vector.FusedMultiplyAdd(x, y, y);
    }
}

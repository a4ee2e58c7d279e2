using NeuralNet.Randomness;

namespace NeuralNet.Tests.Randomness;

public sealed class SeededRandomTests
{
    [Fact]
    public void SetState_RestoresTheExactSequence()
    {
        var random = new SeededRandom(7);
        random.NextUInt64();
        var state = new ulong[SeededRandom.StateLength];
        random.GetState(state);
        ulong[] expected = [random.NextUInt64(), random.NextUInt64()];

        var restored = new SeededRandom(0);
        restored.SetState(state);

        new[] { restored.NextUInt64(), restored.NextUInt64() }.Should().Equal(expected);
    }

    [Fact]
    public void NextInt_StaysInRangeAndCoversIt()
    {
        var random = new SeededRandom(1);
        int[] counts = new int[10];
        for (int i = 0; i < 10_000; i++)
        {
            counts[random.NextInt(10)]++;
        }

        counts.Should().OnlyContain(c => c > 900 && c < 1100);
    }

    [Fact]
    public void SetState_AllZeros_Throws()
    {
        Action act = () => new SeededRandom(1).SetState(new ulong[4]);
        act.Should().Throw<ArgumentException>().WithMessage("*all-zero*");
    }

    [Fact]
    public void SetState_WrongLength_ThrowsNamingLengths()
    {
        Action act = () => new SeededRandom(1).SetState(new ulong[3]);
        act.Should().Throw<ArgumentException>().WithMessage("*4 words*3*");
    }

    [Fact]
    public void Fill_GivesTheSequenceOfNextUInt64AndContinuesAfterIt()
    {
        var filled = new SeededRandom(77);
        var drawn = new SeededRandom(77);
        var values = new ulong[37];

        filled.Fill(values);

        values.Should().Equal(Enumerable.Range(0, 37).Select(_ => drawn.NextUInt64()));
        filled.NextUInt64().Should().Be(drawn.NextUInt64());
    }
}

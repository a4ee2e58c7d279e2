using System.Buffers.Binary;
using NeuralNet.Serialization;

namespace NeuralNet.Tests.Serialization;

/// <summary>Class and feature names in model files: they round-trip, set header flag 1 only when present, and are checked on load.</summary>
public sealed class ModelFileNamesTests
{
    private static readonly string[] Classes = ["setosa", "versicolor"];
    private static readonly string[] Features = ["sepal length", "sepal width", "petal length", "petal width"];

    [Fact]
    public void Save_WithNames_RoundTripsThemAndSetsFlagOne()
    {
        Network network = TestModels.Small();
        network.ClassNames = Classes;
        network.FeatureNames = Features;

        byte[] bytes = TestModels.Bytes(network);
        Network loaded = Network.Load(new MemoryStream(bytes));

        BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12)).Should().Be(1);
        loaded.ClassNames.Should().Equal(Classes);
        loaded.FeatureNames.Should().Equal(Features);
        loaded.ClassName(1).Should().Be("versicolor");
        TestModels.ParameterBits(loaded).Should().Equal(TestModels.ParameterBits(network));
    }

    [Fact]
    public void Save_WithoutNames_WritesTheVersionOneLayoutWithNoFlags()
    {
        Network network = TestModels.Small();
        byte[] before = TestModels.Bytes(network);
        network.ClassNames = Classes;
        network.ClassNames = null;

        byte[] bytes = TestModels.Bytes(network);

        bytes.Should().Equal(before);
        BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12)).Should().Be(0);
        Network.Load(new MemoryStream(bytes)).ClassName(1).Should().Be("1", "without names a class is its number");
    }

    [Fact]
    public void Load_NameCountThatDoesNotFitTheNetwork_ThrowsNamingBoth()
    {
        Network network = TestModels.Small();
        network.ClassNames = Classes;
        byte[] bytes = TestModels.Bytes(network);
        int countAt = bytes.Length - 4 - 4 - (2 + 6) - (2 + 10) - 4; // checksum, feature count, two names, class count
        BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(countAt)).Should().Be(2, "the test must point at the class count");
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(countAt), 1);
        TestModels.Reseal(bytes);

        Action load = () => Network.Load(new MemoryStream(bytes));

        load.Should().Throw<InvalidModelFileException>().WithMessage($"*(at byte {countAt})*1 class names but the network has 2 classes*");
    }

    [Theory]
    [InlineData(new[] { "a" }, "*2 outputs but 1 class names*")]
    [InlineData(new[] { "a", "" }, "*class name 1 is empty*")]
    [InlineData(new[] { "a", "a" }, "*class name 1 ('a') repeats*")]
    public void ClassNames_Invalid_AreRefused(string[] names, string message)
    {
        Network network = TestModels.Small();

        Action set = () => network.ClassNames = names;

        set.Should().Throw<ArgumentException>().WithMessage(message);
        network.ClassNames.Should().BeNull();
    }
}

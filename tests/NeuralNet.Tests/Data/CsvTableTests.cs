using NeuralNet.Data;
using NeuralNet.Preprocessing;
using NeuralNet.Tests.TestData;

namespace NeuralNet.Tests.Data;

/// <summary>The user's own tables: a header, a label column anywhere, string or integer classes, chosen features, regression targets.</summary>
public sealed class CsvTableTests : IDisposable
{
    private const string Iris = "sepal_length,sepal_width,petal_length,petal_width,species\n"
        + "5.1,3.5,1.4,0.2,setosa\n"
        + "7.0,3.2,4.7,1.4,versicolor\n"
        + "6.3,3.3,6.0,2.5,virginica\n"
        + "4.9,3.0,1.4,0.2,setosa\n";

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Read_LabelColumnLastWithStringClasses_NumbersThemInOrdinalOrder()
    {
        string path = _dir.WriteText("iris.csv", Iris);

        Dataset data = CsvReader.Read(path, new CsvOptions { LabelColumn = "species" });

        data.ClassNames.Should().Equal("setosa", "versicolor", "virginica");
        data.Labels.ToArray().Should().Equal(0, 1, 2, 0);
        data.ClassCount.Should().Be(3);
        data.FeatureNames.Should().Equal("sepal_length", "sepal_width", "petal_length", "petal_width");
        data.Inputs.Column(1).ToArray().Should().Equal(7.0f, 3.2f, 4.7f, 1.4f);
        data.Scaling.Should().Be(InputScaling.None);
    }

    [Fact]
    public void Read_StringClasses_OrderIsOrdinalNotCultureOrCase()
    {
        string path = _dir.WriteText("t.csv", "x,kind\n1,b\n2,B\n3,a\n4,é\n5,A\n");

        Dataset data = CsvReader.Read(path, new CsvOptions { LabelColumn = "kind" });

        data.ClassNames.Should().Equal("A", "B", "a", "b", "é");
    }

    [Fact]
    public void Read_LabelColumnInTheMiddle_IsFoundByName()
    {
        string path = _dir.WriteText("t.csv", "a,class,b\n1,cat,2\n3,dog,4\n");

        Dataset data = CsvReader.Read(path, new CsvOptions { LabelColumn = "Class" });

        data.ClassNames.Should().Equal("cat", "dog");
        data.Inputs.AsColumnMajorArray().Should().Equal(1f, 2f, 3f, 4f);
    }

    [Fact]
    public void Read_TableWithIntegerFeatures_IsNeverDividedBy255()
    {
        string path = _dir.WriteText("people.csv", "age,children,label\n35,2,1\n61,0,0\n");

        Dataset data = CsvReader.Read(path);

        data.Inputs.AsColumnMajorArray().Should().Equal(35f, 2f, 61f, 0f);
        data.Scaling.Should().Be(InputScaling.None);
        data.Labels.ToArray().Should().Equal(1, 0);
        data.ClassNames.Should().BeNull("whole-number labels are class indices");
    }

    [Fact]
    public void Read_IntegerLabels_AreClassIndices()
    {
        string path = _dir.WriteText("t.csv", "x,grade\n0.5,3\n1.5,1\n2.5,3\n");

        Dataset data = CsvReader.Read(path, new CsvOptions { LabelColumn = "grade" });

        data.Labels.ToArray().Should().Equal(3, 1, 3);
        data.ClassCount.Should().Be(4);
        ClassComparison.Compare(data, null).ClassesWithoutTrainingSamples.Should().Equal(0, 2);
    }

    [Fact]
    public void Read_ChosenFeatureColumns_AreTheOnlyOnesRead()
    {
        string path = _dir.WriteText("t.csv", "id,note,b,a,y\n17,free text,2,1,0\n18,,4,3,1\n");

        Dataset data = CsvReader.Read(path, new CsvOptions { LabelColumn = "y", FeatureColumns = ["a", "b"] });

        data.FeatureNames.Should().Equal("a", "b");
        data.Inputs.AsColumnMajorArray().Should().Equal(1f, 2f, 3f, 4f);
    }

    [Fact]
    public void Read_MissingFeatureCell_NamesTheLineColumnAndHeader()
    {
        string path = _dir.WriteText("iris.csv", Iris.Replace("6.3,3.3,6.0", "6.3,,6.0", StringComparison.Ordinal));

        Action act = () => CsvReader.Read(path, new CsvOptions { LabelColumn = "species" });

        act.Should().Throw<InvalidDatasetFileException>().WithMessage($"{path}: line 4, column 2, record 2: feature column 2 ('sepal_width') is empty*");
    }

    [Fact]
    public void Read_NonNumericFeatureCell_NamesTheLineColumnAndHeader()
    {
        string path = _dir.WriteText("iris.csv", Iris.Replace("7.0,3.2", "7.0,wide", StringComparison.Ordinal));

        Action act = () => CsvReader.Read(path, new CsvOptions { LabelColumn = "species" });

        act.Should().Throw<InvalidDatasetFileException>().WithMessage("*line 3, column 2, record 1: expected a number in feature column 2 ('sepal_width') but found 'wide'*");
    }

    [Fact]
    public void Read_TableWithoutLabelOption_HintsAtTheTextColumn()
    {
        string path = _dir.WriteText("iris.csv", Iris);

        Action act = () => CsvReader.Read(path);

        act.Should().Throw<InvalidDatasetFileException>().WithMessage("*column 5 ('species')*found 'setosa'*LabelColumn = \"species\"*");
    }

    [Fact]
    public void Read_UnknownLabelColumn_ListsTheHeader()
    {
        string path = _dir.WriteText("iris.csv", Iris);

        Action act = () => CsvReader.Read(path, new CsvOptions { LabelColumn = "variety" });

        act.Should().Throw<InvalidDatasetFileException>().WithMessage("*LabelColumn names a column 'variety' that the file does not have*'species'*");
    }

    [Fact]
    public void Read_TestSetWithTheTrainingClassNames_KeepsTheIndicesAndRefusesUnknownClasses()
    {
        Dataset train = CsvReader.Read(_dir.WriteText("train.csv", Iris), new CsvOptions { LabelColumn = "species" });
        string testPath = _dir.WriteText("test.csv", "sepal_length,sepal_width,petal_length,petal_width,species\n6.0,3.0,5.0,2.0,virginica\n5.0,3.4,1.5,0.2,setosa\n");

        Dataset test = CsvReader.Read(testPath, new CsvOptions { LabelColumn = "species", ClassNames = train.ClassNames });

        test.Labels.ToArray().Should().Equal([2, 0], "virginica is class 2 of the training set even though the test set has no versicolor");
        test.ClassNames.Should().Equal(train.ClassNames);
        ClassComparison.Compare(train, test).IsConsistent.Should().BeTrue();

        string odd = _dir.WriteText("odd.csv", "sepal_length,sepal_width,petal_length,petal_width,species\n6.0,3.0,5.0,2.0,setosa\n6.0,3.0,5.0,2.0,iris-x\n");
        Action act = () => CsvReader.Read(odd, new CsvOptions { LabelColumn = "species", ClassNames = train.ClassNames });
        act.Should().Throw<InvalidDatasetFileException>().WithMessage("*line 3, column 5, record 1*setosa, versicolor, virginica*'iris-x'*");
    }

    [Fact]
    public void Read_SeparatelyLoadedTestSetMissingAClass_IsReportedByTheComparison()
    {
        Dataset train = CsvReader.Read(_dir.WriteText("train.csv", Iris), new CsvOptions { LabelColumn = "species" });
        Dataset test = CsvReader.Read(_dir.WriteText("test.csv", "a,b,c,d,species\n1,2,3,4,setosa\n1,2,3,4,virginica\n"), new CsvOptions { LabelColumn = "species" });

        ClassComparison comparison = ClassComparison.Compare(train, test);

        comparison.IsConsistent.Should().BeFalse();
        comparison.Problems.Should().Contain(p => p.Contains("class names differ"));
        Action act = () => comparison.ThrowIfAny("train.csv", "test.csv");
        act.Should().Throw<InvalidOperationException>().WithMessage("train.csv and test.csv do not fit together*3 classes but test.csv has 2*");
    }

    [Fact]
    public void Read_LabelWithFractions_IsARegressionTarget()
    {
        string path = _dir.WriteText("houses.csv", "rooms,area,price\n3,70,210.5\n4,95,305.25\n2,40,120\n");

        Dataset data = CsvReader.Read(path, new CsvOptions { LabelColumn = "price" });

        data.Task.Should().Be(DatasetTask.Regression);
        data.HasLabels.Should().BeFalse();
        data.Targets!.AsColumnMajorArray().Should().Equal(210.5f, 305.25f, 120f);
        data.Inputs.AsColumnMajorArray().Should().Equal(3f, 70f, 4f, 95f, 2f, 40f);
    }

    [Fact]
    public void Read_TaskRegressionWithWholeNumbers_IsATarget()
    {
        string path = _dir.WriteText("houses.csv", "rooms,price\n3,210000\n4,305000\n");

        Dataset data = CsvReader.Read(path, new CsvOptions { LabelColumn = "price", Task = DatasetTask.Regression });

        data.Targets!.AsColumnMajorArray().Should().Equal(210000f, 305000f);
        data.ToString().Should().Be("Dataset(2 samples, 1 features, 1 target)");
    }

    [Fact]
    public void Read_TaskRegressionWithTextTarget_NamesTheLine()
    {
        string path = _dir.WriteText("houses.csv", "rooms,price\n3,210000\n4,unknown\n");

        Action act = () => CsvReader.Read(path, new CsvOptions { LabelColumn = "price", Task = DatasetTask.Regression });

        act.Should().Throw<InvalidDatasetFileException>().WithMessage("*line 3, column 2, record 1: expected a finite number as the regression target (column 2 ('price'))*");
    }

    [Fact]
    public void Read_TableInParallelParts_EqualsReadingInOne()
    {
        string[] species = ["setosa", "versicolor", "virginica"];
        string text = "a,b,species\n" + string.Concat(Enumerable.Range(0, 300).Select(i => $"{i}.5,{i % 7},{species[(i * 7) % 3]}\n"));
        string path = _dir.WriteText("big.csv", text);
        CsvLayoutScanner.ForcedParts = 4;
        Dataset parallel;
        try
        {
            parallel = CsvReader.Read(path, new CsvOptions { LabelColumn = "species" });
        }
        finally
        {
            CsvLayoutScanner.ForcedParts = null;
        }

        Dataset serial = CsvReader.Read(path, new CsvOptions { LabelColumn = "species" });
        parallel.Labels.ToArray().Should().Equal(serial.Labels.ToArray());
        parallel.Labels.ToArray().Should().Equal(Enumerable.Range(0, 300).Select(i => (i * 7) % 3));
        parallel.Inputs.AsColumnMajorArray().Should().Equal(serial.Inputs.AsColumnMajorArray());
    }

    [Fact]
    public void Standardize_OnTheTrainingSplit_GivesValidationAndTestTheSameScaling()
    {
        string text = "x1,x2,y\n" + string.Concat(Enumerable.Range(0, 40).Select(i => $"{i * 10},{1000 + i},{(i % 2 == 0 ? "even" : "odd")}\n"));
        Dataset all = CsvReader.Read(_dir.WriteText("t.csv", text), new CsvOptions { LabelColumn = "y" });

        (Dataset train, Dataset validation) = all.Split(10, seed: 1);
        train = train.Standardize(perFeature: true);
        validation = validation.WithScaling(train.Scaling);
        Dataset test = CsvReader.Read(_dir.WriteText("test.csv", "x1,x2,y\n50,1005,odd\n"), new CsvOptions { LabelColumn = "y", Scaling = train.Scaling, ClassNames = train.ClassNames });

        validation.Scaling.Should().BeSameAs(train.Scaling);
        test.Scaling.Should().BeSameAs(train.Scaling);
        float[] expected = new float[2];
        train.Scaling.Apply([50f, 1005f], expected);
        test.Inputs.Column(0).ToArray().Should().Equal(expected);
        train.ClassNames.Should().Equal("even", "odd");
    }
}

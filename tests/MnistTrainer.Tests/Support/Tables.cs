using System.Globalization;
using System.Text;

namespace MnistTrainer.Tests.Support;

/// <summary>Small CSV tables the tests write themselves: a regression whose target is a known linear function of the features plus noise, and classes named by strings.</summary>
public static class Tables
{
    /// <summary>The true function of <see cref="WriteRegression"/>: <c>y = offset + scale · (3a − 2b + 0.5c)</c>.</summary>
    public static double Target(double a, double b, double c, double offset = 10, double scale = 1) => offset + (scale * ((3 * a) - (2 * b) + (0.5 * c)));

    /// <summary>Writes <c>a,b,c,y</c> rows, y = <see cref="Target"/> plus Gaussian noise of deviation <paramref name="noise"/>·<paramref name="scale"/>; a and b in [0, 10], c a whole number 0–20.</summary>
    /// <param name="path">The file.</param>
    /// <param name="rows">The rows.</param>
    /// <param name="seed">The seed of the features and the noise.</param>
    /// <param name="offset">The target's offset (a house price's is large).</param>
    /// <param name="scale">The target's scale.</param>
    /// <param name="noise">The noise's deviation before <paramref name="scale"/>.</param>
    /// <param name="wholeTargets">Whether to round the targets to whole numbers (which, without --task regression, read as classes).</param>
    /// <param name="columns">The header, in the order the columns are written: any order of <c>a</c>, <c>b</c>, <c>c</c>, <c>y</c>, and <c>id</c>.</param>
    public static string WriteRegression(string path, int rows, int seed, double offset = 10, double scale = 1, double noise = 0.5, bool wholeTargets = false, string columns = "a,b,c,y")
    {
        var random = new Random(seed);
        string[] order = columns.Split(',');
        var text = new StringBuilder(columns).Append('\n');
        for (int i = 0; i < rows; i++)
        {
            double a = 10 * random.NextDouble();
            double b = 10 * random.NextDouble();
            int c = random.Next(0, 21);
            double y = Target(a, b, c, offset, scale) + (scale * noise * Gaussian(random));
            var cells = new Dictionary<string, string>
            {
                ["a"] = a.ToString("F3", CultureInfo.InvariantCulture),
                ["b"] = b.ToString("F3", CultureInfo.InvariantCulture),
                ["c"] = c.ToString(CultureInfo.InvariantCulture),
                ["y"] = wholeTargets ? Math.Round(y).ToString(CultureInfo.InvariantCulture) : y.ToString("F4", CultureInfo.InvariantCulture),
                ["id"] = (1000 + i).ToString(CultureInfo.InvariantCulture),
            };
            text.AppendJoin(',', order.Select(name => cells[name])).Append('\n');
        }

        File.WriteAllText(path, text.ToString());
        return path;
    }

    /// <summary>Writes <c>length,width,kind</c> rows of three well-separated classes named by strings (<c>long</c>, <c>round</c>, <c>wide</c>), the label last.</summary>
    /// <param name="path">The file.</param>
    /// <param name="rows">The rows, the classes in turn.</param>
    /// <param name="seed">The seed of the measurements.</param>
    /// <param name="names">The three class names, in the order the rows take them.</param>
    public static string WriteClasses(string path, int rows, int seed, string[]? names = null)
    {
        names ??= ["long", "round", "wide"];
        (double Length, double Width)[] centres = [(9, 2), (5, 5), (2, 9)];
        var random = new Random(seed);
        var text = new StringBuilder("length,width,kind\n");
        for (int i = 0; i < rows; i++)
        {
            int k = i % 3;
            double length = centres[k].Length + (0.6 * Gaussian(random));
            double width = centres[k].Width + (0.6 * Gaussian(random));
            text.Append(CultureInfo.InvariantCulture, $"{length:F2},{width:F2},{names[k]}\n");
        }

        File.WriteAllText(path, text.ToString());
        return path;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}

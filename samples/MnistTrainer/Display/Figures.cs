using System.Globalization;

namespace MnistTrainer.Display;

/// <summary>How figures read on the console and in the pictures: invariant culture, so the output is the same on every machine.</summary>
internal static class Figures
{
    /// <summary>A fraction as a percentage with two decimals: <c>97.84%</c>; a dash when there is none.</summary>
    public static string Percent(double? fraction) =>
        fraction is double f && double.IsFinite(f) ? (100 * f).ToString("F2", CultureInfo.InvariantCulture) + "%" : "-";

    /// <summary>A loss with four decimals: <c>0.0712</c>; a dash when there is none.</summary>
    public static string Loss(double? loss) =>
        loss is double l && double.IsFinite(l) ? l.ToString("F4", CultureInfo.InvariantCulture) : "-";

    /// <summary>A value in the target's own units (an RMSE, an MAE, a prediction) in five significant digits: <c>1.2346</c>, <c>2.4681E+05</c>; a dash when there is none.</summary>
    public static string Value(double? value) =>
        value is double v && double.IsFinite(v) ? v.ToString("G5", CultureInfo.InvariantCulture) : "-";

    /// <summary>A coefficient of determination with four decimals: <c>0.9712</c>; a dash when there is none.</summary>
    public static string RSquared(double? value) =>
        value is double v && double.IsFinite(v) ? v.ToString("F4", CultureInfo.InvariantCulture) : "-";

    /// <summary>A count or speed with thousands separators: <c>41,230</c>.</summary>
    public static string Count(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A learning rate in at most four significant digits: <c>0.001</c>, <c>9.045E-05</c>.</summary>
    public static string Rate(double rate) => rate.ToString("G4", CultureInfo.InvariantCulture);

    /// <summary>Seconds with one decimal: <c>12.3 s</c>.</summary>
    public static string Seconds(double seconds) => seconds.ToString("F1", CultureInfo.InvariantCulture) + " s";

    /// <summary>A number for a file, exactly as the runtime writes it back: <c>0.1</c>, <c>0.981</c>.</summary>
    public static string Exact(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

namespace MnistTrainer.Report;

/// <summary>A chart axis: its data range, linear or base-10 logarithmic, mapped onto a span of pixels, with readable ticks.</summary>
internal sealed class Axis
{
    private readonly double _from;
    private readonly double _to;
    private readonly double _pixelFrom;
    private readonly double _pixelTo;

    /// <summary>Creates an axis from <paramref name="min"/> to <paramref name="max"/> drawn from <paramref name="pixelFrom"/> to <paramref name="pixelTo"/>.</summary>
    /// <param name="min">The smallest value shown.</param>
    /// <param name="max">The largest value shown.</param>
    /// <param name="pixelFrom">Where <paramref name="min"/> is drawn.</param>
    /// <param name="pixelTo">Where <paramref name="max"/> is drawn (smaller than <paramref name="pixelFrom"/> for a y axis).</param>
    /// <param name="logarithmic">Whether values are spaced by their logarithm (for learning rates).</param>
    public Axis(double min, double max, double pixelFrom, double pixelTo, bool logarithmic)
    {
        IsLogarithmic = logarithmic;
        (Min, Max) = Widen(min, max, logarithmic);
        _from = logarithmic ? Math.Log10(Min) : Min;
        _to = logarithmic ? Math.Log10(Max) : Max;
        _pixelFrom = pixelFrom;
        _pixelTo = pixelTo;
    }

    /// <summary>The smallest value shown.</summary>
    public double Min { get; }

    /// <summary>The largest value shown.</summary>
    public double Max { get; }

    /// <summary>Whether the axis is logarithmic.</summary>
    public bool IsLogarithmic { get; }

    /// <summary>Where <paramref name="value"/> is drawn.</summary>
    public double Map(double value)
    {
        double v = IsLogarithmic ? Math.Log10(Math.Max(value, double.Epsilon)) : value;
        return _pixelFrom + ((v - _from) / (_to - _from) * (_pixelTo - _pixelFrom));
    }

    /// <summary>About <paramref name="count"/> tick values at round numbers (1, 2, 2.5 or 5 times a power of ten; powers of ten on a log axis).</summary>
    public IReadOnlyList<double> Ticks(int count = 6)
    {
        var ticks = new List<double>();
        if (IsLogarithmic)
        {
            int first = (int)Math.Ceiling(Math.Log10(Min) - 1e-9);
            int last = (int)Math.Floor(Math.Log10(Max) + 1e-9);
            for (int power = first; power <= last; power++)
            {
                ticks.Add(Math.Pow(10, power));
            }

            if (ticks.Count < 3)
            {
                // Less than two decades: 2 and 5 times the powers too, so the axis is not bare.
                ticks.Clear();
                for (int power = first - 1; power <= last; power++)
                {
                    foreach (double m in new[] { 1.0, 2.0, 5.0 })
                    {
                        double t = m * Math.Pow(10, power);
                        if (t >= Min * (1 - 1e-9) && t <= Max * (1 + 1e-9))
                        {
                            ticks.Add(t);
                        }
                    }
                }
            }

            return ticks;
        }

        double step = NiceStep((Max - Min) / Math.Max(1, count - 1));
        for (double t = Math.Ceiling(Min / step) * step; t <= Max + (step * 1e-9); t += step)
        {
            ticks.Add(Math.Abs(t) < step * 1e-9 ? 0 : t);
        }

        return ticks;
    }

    /// <summary>A tick's label: as short as the tick spacing allows.</summary>
    public static string Label(double value)
    {
        double magnitude = Math.Abs(value);
        return magnitude != 0 && (magnitude < 1e-4 || magnitude >= 1e5)
            ? value.ToString("0.#e+0", System.Globalization.CultureInfo.InvariantCulture)
            : value.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The step of 1, 2, 2.5 or 5 times a power of ten nearest above <paramref name="rough"/>.</summary>
    private static double NiceStep(double rough)
    {
        double power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        double fraction = rough / power;
        return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10) * power;
    }

    /// <summary>Gives an empty or one-point range some width, so that a flat line is drawn in the middle.</summary>
    private static (double Min, double Max) Widen(double min, double max, bool logarithmic)
    {
        if (max > min)
        {
            return (min, max);
        }

        return logarithmic ? (min / 2, max * 2) : min == 0 ? (-1, 1) : (min - (Math.Abs(min) * 0.05), max + (Math.Abs(max) * 0.05));
    }
}

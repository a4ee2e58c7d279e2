using System.Globalization;
using System.Text;
using System.Xml;

namespace MnistTrainer.Report;

/// <summary>Writes an SVG picture element by element: rectangles, lines, polylines, circles and text, in user units.</summary>
/// <remarks>
/// The markup goes through <see cref="XmlWriter"/>, so text is escaped and the file is always well-formed XML.
/// Coordinates are written with at most two decimals in the invariant culture.
/// </remarks>
internal sealed class SvgWriter
{
    private const string Namespace = "http://www.w3.org/2000/svg";
    private readonly StringBuilder _buffer = new();
    private readonly XmlWriter _xml;
    private bool _finished;

    /// <summary>Starts a picture of <paramref name="width"/> × <paramref name="height"/> units on a white background.</summary>
    /// <param name="width">The width in pixels.</param>
    /// <param name="height">The height in pixels.</param>
    /// <param name="title">The picture's title, shown by viewers as a tooltip and read by screen readers.</param>
    public SvgWriter(double width, double height, string title)
    {
        _xml = XmlWriter.Create(_buffer, new XmlWriterSettings { Indent = true, OmitXmlDeclaration = false, Encoding = Encoding.UTF8 });
        _xml.WriteStartDocument();
        _xml.WriteStartElement("svg", Namespace);
        Attribute("width", width);
        Attribute("height", height);
        _xml.WriteAttributeString("viewBox", $"0 0 {Number(width)} {Number(height)}");
        _xml.WriteAttributeString("font-family", "DejaVu Sans, Helvetica, Arial, sans-serif");
        _xml.WriteElementString("title", Namespace, title);
        Rect(0, 0, width, height, "#ffffff");
    }

    /// <summary>A filled rectangle, optionally outlined.</summary>
    public void Rect(double x, double y, double width, double height, string fill, string? stroke = null, double strokeWidth = 1, double opacity = 1)
    {
        _xml.WriteStartElement("rect", Namespace);
        Attribute("x", x);
        Attribute("y", y);
        Attribute("width", width);
        Attribute("height", height);
        _xml.WriteAttributeString("fill", fill);
        if (opacity < 1)
        {
            Attribute("fill-opacity", opacity);
        }

        Stroke(stroke, strokeWidth);
        _xml.WriteEndElement();
    }

    /// <summary>A straight line.</summary>
    public void Line(double x1, double y1, double x2, double y2, string stroke, double width = 1, string? dash = null)
    {
        _xml.WriteStartElement("line", Namespace);
        Attribute("x1", x1);
        Attribute("y1", y1);
        Attribute("x2", x2);
        Attribute("y2", y2);
        Stroke(stroke, width);
        if (dash is not null)
        {
            _xml.WriteAttributeString("stroke-dasharray", dash);
        }

        _xml.WriteEndElement();
    }

    /// <summary>A line through <paramref name="points"/>, unfilled.</summary>
    public void Polyline(IEnumerable<(double X, double Y)> points, string stroke, double width = 2, string? dash = null)
    {
        _xml.WriteStartElement("polyline", Namespace);
        _xml.WriteAttributeString("points", string.Join(' ', points.Select(p => $"{Number(p.X)},{Number(p.Y)}")));
        _xml.WriteAttributeString("fill", "none");
        Stroke(stroke, width);
        _xml.WriteAttributeString("stroke-linejoin", "round");
        if (dash is not null)
        {
            _xml.WriteAttributeString("stroke-dasharray", dash);
        }

        _xml.WriteEndElement();
    }

    /// <summary>A filled circle.</summary>
    public void Circle(double cx, double cy, double r, string fill, string? stroke = null)
    {
        _xml.WriteStartElement("circle", Namespace);
        Attribute("cx", cx);
        Attribute("cy", cy);
        Attribute("r", r);
        _xml.WriteAttributeString("fill", fill);
        Stroke(stroke, 1);
        _xml.WriteEndElement();
    }

    /// <summary>Text at (<paramref name="x"/>, <paramref name="y"/>), the baseline's start, middle or end by <paramref name="anchor"/>.</summary>
    public void Text(double x, double y, string text, double size = 12, string anchor = "start", string fill = "#222222", bool bold = false, double rotate = 0)
    {
        _xml.WriteStartElement("text", Namespace);
        Attribute("x", x);
        Attribute("y", y);
        Attribute("font-size", size);
        _xml.WriteAttributeString("text-anchor", anchor);
        _xml.WriteAttributeString("fill", fill);
        if (bold)
        {
            _xml.WriteAttributeString("font-weight", "bold");
        }

        if (rotate != 0)
        {
            _xml.WriteAttributeString("transform", $"rotate({Number(rotate)} {Number(x)} {Number(y)})");
        }

        _xml.WriteString(text);
        _xml.WriteEndElement();
    }

    /// <summary>Closes the picture and returns its markup.</summary>
    public string Finish()
    {
        if (!_finished)
        {
            _xml.WriteEndElement();
            _xml.WriteEndDocument();
            _xml.Flush();
            _xml.Dispose();
            _finished = true;
        }

        // StringBuilder output declares UTF-16; the files are written as UTF-8, so the declaration must say so.
        return _buffer.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal);
    }

    /// <summary>Closes the picture and writes it to <paramref name="path"/> as UTF-8, atomically (through the CLI's one writer, <see cref="Runs.OutputFolder.WriteText"/>).</summary>
    public void Save(string path) => Runs.OutputFolder.WriteText(path, Finish());

    /// <summary>A coordinate as SVG wants it: invariant, at most two decimals.</summary>
    public static string Number(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);

    private void Attribute(string name, double value) => _xml.WriteAttributeString(name, Number(value));

    private void Stroke(string? stroke, double width)
    {
        if (stroke is not null)
        {
            _xml.WriteAttributeString("stroke", stroke);
            Attribute("stroke-width", width);
        }
    }
}

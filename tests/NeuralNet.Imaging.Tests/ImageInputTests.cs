using NeuralNet.Imaging.Tests.Support;
using SkiaSharp;

namespace NeuralNet.Imaging.Tests;

/// <summary>The preprocessing on pictures the tests draw: backgrounds, sizes, layout, and files that are not images.</summary>
public sealed class ImageInputTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Decode_DarkInkOnLightBackground_IsInvertedToBrightInkOnBlack()
    {
        using SKBitmap ring = Pictures.Ring(200, 200, SKColors.White, SKColors.Black);

        float[] input = ImageInput.Decode(Pictures.Encode(ring, SKEncodedImageFormat.Png));

        Corner(input).Should().Be(0, "the white page becomes MNIST's black background");
        input.Max().Should().BeGreaterThan(200, "the black strokes become bright ink");
        input.Should().OnlyContain(v => v >= 0 && v <= 255);
    }

    [Fact]
    public void Decode_LightAndDarkBackgrounds_GiveTheSameInput()
    {
        using SKBitmap light = Pictures.Ring(120, 160, SKColors.White, SKColors.Black);
        using SKBitmap dark = Pictures.Ring(120, 160, SKColors.Black, SKColors.White);

        float[] fromLight = ImageInput.Decode(Pictures.Encode(light, SKEncodedImageFormat.Png));
        float[] fromDark = ImageInput.Decode(Pictures.Encode(dark, SKEncodedImageFormat.Png));

        fromLight.Zip(fromDark, (a, b) => Math.Abs(a - b)).Max().Should().BeLessThan(2f);
    }

    [Fact]
    public void Decode_GrayPageWithDarkInk_RemovesTheBackgroundLevel()
    {
        using SKBitmap page = Pictures.Ring(100, 100, new SKColor(200, 200, 200), new SKColor(40, 40, 40));

        using SKBitmap white = Pictures.Ring(100, 100, SKColors.White, SKColors.Black);

        float[] input = ImageInput.Decode(Pictures.Encode(page, SKEncodedImageFormat.Png));
        float[] onWhite = ImageInput.Decode(Pictures.Encode(white, SKEncodedImageFormat.Png));

        int background = onWhite.Count(v => v == 0);
        background.Should().BeGreaterThan(400);
        input.Count(v => v == 0).Should().BeCloseTo(background, 10, "the gray page is background, exactly 0 as in MNIST, as the white one is");
        input.Max().Should().BeGreaterThan(180);
    }

    [Fact]
    public void Decode_InversionNever_KeepsALightBackgroundAsInk()
    {
        using SKBitmap ring = Pictures.Ring(60, 60, SKColors.White, SKColors.Black);

        float[] input = ImageInput.Decode(Pictures.Encode(ring, SKEncodedImageFormat.Png), new ImageInputOptions { Inversion = Inversion.Never });

        input.Average().Should().BeGreaterThan(100, "without inversion the white page is the ink");
    }

    [Fact]
    public void Decode_TallNarrowStroke_FitsTwentyPixelsHighAndStaysNarrow()
    {
        // A bar 1:10 in a 50x400 picture: aspect kept, the longer side becomes 20 pixels.
        using SKBitmap bar = Pictures.Draw(50, 400, SKColors.White, canvas =>
        {
            using var paint = new SKPaint { Color = SKColors.Black, Style = SKPaintStyle.Fill };
            canvas.DrawRect(new SKRect(20, 50, 30, 350), paint);
        });

        float[] input = ImageInput.Decode(Pictures.Encode(bar, SKEncodedImageFormat.Png));

        (int rows, int columns) = InkExtent(input);
        rows.Should().Be(20);
        columns.Should().BeInRange(1, 2, "10 of 300 pixels wide scales to 0.67 of a pixel, at least one");
        CenterOfMass(input).Should().Be((14.0, 14.0), "the centre of mass moves to the centre of 28x28");
    }

    [Fact]
    public void Decode_WideShape_FitsTwentyPixelsWide()
    {
        using SKBitmap wide = Pictures.Draw(300, 90, SKColors.Black, canvas =>
        {
            using var paint = new SKPaint { Color = SKColors.White, Style = SKPaintStyle.Fill };
            canvas.DrawRect(new SKRect(0, 30, 300, 60), paint);
        });

        float[] input = ImageInput.Decode(Pictures.Encode(wide, SKEncodedImageFormat.Png));

        (int rows, int columns) = InkExtent(input);
        columns.Should().Be(20);
        rows.Should().Be(2, "30 of 300 pixels high is 2 of 20");
    }

    [Fact]
    public void Decode_PhotoSizedImage_GivesWhatTheSameDrawingGivesSmall()
    {
        // Over a million pixels (buffers allocated rather than pooled) and 40 times the size of the small one.
        using SKBitmap large = Pictures.Ring(1200, 1000, SKColors.White, SKColors.Black);
        using SKBitmap small = Pictures.Ring(120, 100, SKColors.White, SKColors.Black);

        float[] fromLarge = ImageInput.Decode(Pictures.Encode(large, SKEncodedImageFormat.Png));
        float[] fromSmall = ImageInput.Decode(Pictures.Encode(small, SKEncodedImageFormat.Png));

        fromLarge.Zip(fromSmall, (a, b) => Math.Abs(a - b)).Average().Should().BeLessThan(8f);
    }

    [Fact]
    public void Decode_TinyImage_IsScaledUpToTheBox()
    {
        byte[] gray = [0, 0, 0, 0, 255, 0, 0, 255, 0, 0, 255, 0, 0, 0, 0];

        float[] input = ImageInput.FromGrayscale(gray, 3, 5);

        (int rows, int columns) = InkExtent(input);
        rows.Should().Be(20, "the 3-pixel stroke is enlarged to 20");
        columns.Should().BeInRange(6, 8, "its one pixel of width by the same factor");
    }

    [Fact]
    public void Decode_OnePixelImage_IsRefusedAsShowingNoDigit()
    {
        byte[] png = Pictures.Encode(Pictures.Draw(1, 1, SKColors.White, _ => { }), SKEncodedImageFormat.Png);

        Action decode = () => ImageInput.Decode(png, name: "dot.png");

        decode.Should().Throw<InvalidImageFileException>().WithMessage("*dot.png*no digit*").Which.FilePath.Should().Be("dot.png");
    }

    [Fact]
    public void Decode_Stretch_ResizesTheWholeImageWithoutCentring()
    {
        // The left half white on black: stretched, the left 14 columns are ink, wherever the centre of mass is.
        using SKBitmap half = Pictures.Draw(100, 60, SKColors.Black, canvas =>
        {
            using var paint = new SKPaint { Color = SKColors.White, Style = SKPaintStyle.Fill };
            canvas.DrawRect(new SKRect(0, 0, 50, 60), paint);
        });

        float[] input = ImageInput.Decode(Pictures.Encode(half, SKEncodedImageFormat.Png), new ImageInputOptions { Fit = ImageFit.Stretch, Inversion = Inversion.Never });

        input[(10 * 28) + 5].Should().Be(255);
        input[(10 * 28) + 22].Should().Be(0);
    }

    [Fact]
    public void Decode_TransparentCanvasWithBlackStrokes_ReadsAsInkOnBlack()
    {
        using SKBitmap ring = Pictures.Ring(80, 80, SKColors.Transparent, SKColors.Black);

        float[] input = ImageInput.Decode(Pictures.Encode(ring, SKEncodedImageFormat.Png));

        Corner(input).Should().Be(0);
        input.Max().Should().BeGreaterThan(200);
    }

    [Fact]
    public void ForInputSize_SquareFeatureCounts_ScaleTheBoxAsTwentyOfTwentyEight()
    {
        ImageInputOptions.ForInputSize(784).Should().BeEquivalentTo(new { Side = 28, BoxSide = 20 });
        ImageInputOptions.ForInputSize(64).Should().BeEquivalentTo(new { Side = 8, BoxSide = 6 });

        Action notSquare = () => ImageInputOptions.ForInputSize(100 * 3);

        notSquare.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*300*");
    }

    [Fact]
    public void Load_RandomBytesNamedPng_ThrowsNamingTheFile()
    {
        string path = _folder.File("noise.png");
        File.WriteAllBytes(path, Enumerable.Range(0, 500).Select(i => (byte)(i * 37)).ToArray());

        Action load = () => ImageInput.Load(path);

        load.Should().Throw<InvalidImageFileException>().WithMessage($"*{path}*not an image*").Which.FilePath.Should().Be(path);
    }

    [Fact]
    public void Load_TruncatedPng_ThrowsNamingTheFile()
    {
        byte[] png = Pictures.Encode(Pictures.Ring(200, 200, SKColors.White, SKColors.Black), SKEncodedImageFormat.Png);
        string path = _folder.File("cut.png");
        File.WriteAllBytes(path, png[..(png.Length / 2)]);

        Action load = () => ImageInput.Load(path);

        load.Should().Throw<InvalidImageFileException>().WithMessage($"*{path}*truncated*");
    }

    [Fact]
    public void Load_EmptyFile_ThrowsNamingTheFile()
    {
        string path = _folder.File("empty.jpg");
        File.WriteAllBytes(path, []);

        Action load = () => ImageInput.Load(path);

        load.Should().Throw<InvalidImageFileException>().WithMessage($"*{path}*empty*");
    }

    [Fact]
    public void Load_MissingFile_ThrowsFileNotFound()
    {
        string path = _folder.File("absent.png");

        Action load = () => ImageInput.Load(path);

        load.Should().Throw<FileNotFoundException>().WithMessage($"*{path}*");
    }

    [Fact]
    public void Decode_ImageLargerThanMaxPixels_IsRefusedBeforeDecoding()
    {
        byte[] png = Pictures.Encode(Pictures.Ring(300, 200, SKColors.White, SKColors.Black), SKEncodedImageFormat.Png);

        Action decode = () => ImageInput.Decode(png, new ImageInputOptions { MaxPixels = 10_000 }, "big.png");

        decode.Should().Throw<InvalidImageFileException>().WithMessage("*big.png*300x200*60,000*10,000*");
    }

    [Fact]
    public void FromGrayscale_WrongPixelCount_Throws()
    {
        Action wrong = () => ImageInput.FromGrayscale(new byte[10], 4, 4);

        wrong.Should().Throw<ArgumentException>().WithMessage("*4x4*16*10*");
    }

    private static float Corner(float[] input) => input[0] + input[27] + input[27 * 28] + input[783];

    private static (int Rows, int Columns) InkExtent(float[] input)
    {
        int top = 28, bottom = -1, left = 28, right = -1;
        for (int y = 0; y < 28; y++)
        {
            for (int x = 0; x < 28; x++)
            {
                if (input[(y * 28) + x] > 16)
                {
                    top = Math.Min(top, y);
                    bottom = Math.Max(bottom, y);
                    left = Math.Min(left, x);
                    right = Math.Max(right, x);
                }
            }
        }

        return (bottom - top + 1, right - left + 1);
    }

    private static (double X, double Y) CenterOfMass(float[] input)
    {
        double total = 0, x = 0, y = 0;
        for (int i = 0; i < 784; i++)
        {
            total += input[i];
            x += input[i] * (i % 28);
            y += input[i] * (i / 28);
        }

        return (Math.Round(x / total), Math.Round(y / total));
    }
}

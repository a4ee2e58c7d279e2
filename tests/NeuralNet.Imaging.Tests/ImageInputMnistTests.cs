using NeuralNet.Imaging.Tests.Support;
using SkiaSharp;

namespace NeuralNet.Imaging.Tests;

/// <summary>Real MNIST digits rendered to image files and read back: the preprocessing must give MNIST's own layout back.</summary>
public sealed class ImageInputMnistTests
{
    private const int Digits = 200;

    [Fact]
    public async Task Decode_RealMnistDigitsAsPng_GiveBackNearlyTheSamePixels()
    {
        (byte[] pixels, _) = await MnistDigits.TestSetAsync();
        var errors = new double[Digits];
        for (int n = 0; n < Digits; n++)
        {
            ReadOnlySpan<byte> digit = pixels.AsSpan(n * 784, 784);
            using SKBitmap bitmap = Pictures.FromGray(digit, 28, 28);

            float[] back = ImageInput.Decode(Pictures.Encode(bitmap, SKEncodedImageFormat.Png));

            back.Should().HaveCount(784);
            errors[n] = MeanAbsoluteDifference(back, digit);
        }

        Array.Sort(errors);

        // MNIST digits already fill 20 pixels and sit on their centre of mass: the layout finds them where they are.
        errors[Digits / 2].Should().BeLessThan(0.05, "the median digit comes back unchanged");
        errors[^1].Should().BeLessThan(2.0, "the worst digit differs by at most a gray level or two on average");
    }

    [Theory]
    [InlineData(SKEncodedImageFormat.Png)]
    [InlineData(SKEncodedImageFormat.Jpeg)]
    [InlineData(SKEncodedImageFormat.Bmp)]
    public async Task Decode_RealMnistDigitTenTimesLargerBlackOnWhite_GivesBackTheDigit(SKEncodedImageFormat format)
    {
        (byte[] pixels, _) = await MnistDigits.TestSetAsync();
        for (int n = 0; n < 20; n++)
        {
            ReadOnlySpan<byte> digit = pixels.AsSpan(n * 784, 784);

            // What a user draws: a large picture, dark ink on white, shifted off centre.
            var large = new byte[300 * 280];
            large.AsSpan().Fill(255);
            for (int y = 0; y < 280; y++)
            {
                for (int x = 0; x < 280; x++)
                {
                    large[(y * 300) + x + 20] = (byte)(255 - digit[((y / 10) * 28) + (x / 10)]);
                }
            }

            using SKBitmap bitmap = Pictures.FromGray(large, 300, 280);

            float[] back = ImageInput.Decode(Pictures.Encode(bitmap, format, quality: 90));

            MeanAbsoluteDifference(back, digit).Should().BeLessThan(16, $"digit {n} read back from a 300x280 {format} is still that digit");
            Correlation(back, digit).Should().BeGreaterThan(0.9, $"digit {n}");
        }
    }

    private static double MeanAbsoluteDifference(float[] values, ReadOnlySpan<byte> expected)
    {
        double sum = 0;
        for (int i = 0; i < values.Length; i++)
        {
            sum += Math.Abs(values[i] - expected[i]);
        }

        return sum / values.Length;
    }

    private static double Correlation(float[] values, ReadOnlySpan<byte> expected)
    {
        double meanA = values.Average();
        double meanB = 0;
        foreach (byte b in expected)
        {
            meanB += b;
        }

        meanB /= expected.Length;
        double ab = 0, aa = 0, bb = 0;
        for (int i = 0; i < values.Length; i++)
        {
            double a = values[i] - meanA, b = expected[i] - meanB;
            ab += a * b;
            aa += a * a;
            bb += b * b;
        }

        return ab / Math.Sqrt(aa * bb);
    }
}

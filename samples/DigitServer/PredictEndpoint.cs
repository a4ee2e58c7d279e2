using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using NeuralNet.Imaging;

namespace DigitServer;

/// <summary><c>POST /predict</c>: an image (PNG, JPEG or BMP, as the body or a multipart file) or JSON pixels in, the top-3 classes out.</summary>
/// <remarks>
/// Errors are RFC 7807 problem details: 400 for malformed JSON, a wrong pixel count, values out of range, a body that is
/// not a decodable image or shows no digit; 413 for a body over the size limit; 415 for any other media type.
/// </remarks>
internal static class PredictEndpoint
{
    private static readonly string[] _imageTypes = ["image/png", "image/jpeg", "image/bmp", "image/x-ms-bmp", "application/octet-stream"];

    /// <summary>The media types the endpoint accepts, as told in a 415's detail.</summary>
    public const string Accepted = "application/json ({\"pixels\": [...]}), image/png, image/jpeg, image/bmp, application/octet-stream, or multipart/form-data with an image file";

    public static async Task<IResult> Handle(HttpContext context, ModelHost model, ServerSettings settings)
    {
        HttpRequest request = context.Request;
        try
        {
            MediaTypeHeaderValue? type = MediaTypeHeaderValue.TryParse(request.ContentType, out MediaTypeHeaderValue? parsed) ? parsed : null;
            string media = type?.MediaType.Value?.ToLowerInvariant() ?? "";
            bool json = media == "application/json" || media.EndsWith("+json", StringComparison.Ordinal);
            bool multipart = media == "multipart/form-data";
            if (!json && !multipart && !_imageTypes.Contains(media))
            {
                string arrived = string.IsNullOrEmpty(request.ContentType) ? "no Content-Type" : $"Content-Type {request.ContentType}";
                throw new PredictRequestException(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", $"The request has {arrived}; send {Accepted}.");
            }

            byte[] body = await ReadBody(request, settings.MaxRequestBytes, context.RequestAborted);
            float[] pixels;
            if (json)
            {
                pixels = PixelsJson.Read(body, model.Network.InputSize);
            }
            else
            {
                (byte[] image, string name) = multipart ? await FilePart(body, type!) : (body, "The request body");
                pixels = Decode(image, name, model.ImageOptions);
            }

            bool includeInput = request.Query.TryGetValue("input", out var input) && input.ToString() is "true" or "1";
            return Results.Ok(model.Predict(pixels, includeInput));
        }
        catch (PredictRequestException e)
        {
            return Results.Problem(detail: e.Message, statusCode: e.StatusCode, title: e.Title);
        }
    }

    /// <summary>Reads the whole body, refusing more than <paramref name="limit"/> bytes (told by Content-Length, or counted while reading).</summary>
    private static async Task<byte[]> ReadBody(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            throw TooLarge(request.ContentLength.Value, limit);
        }

        using var buffer = new MemoryStream();
        byte[] chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    throw TooLarge(null, limit);
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // Kestrel's own limit (the same value) stopped a body that did not say its length.
            throw TooLarge(null, limit);
        }

        if (buffer.Length == 0)
        {
            throw new PredictRequestException(StatusCodes.Status400BadRequest, "Empty body", $"The request body is empty; send {Accepted}.");
        }

        return buffer.ToArray();
    }

    private static async Task<(byte[] Image, string Name)> FilePart(byte[] body, MediaTypeHeaderValue type)
    {
        string boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value ?? "";
        if (boundary.Length == 0)
        {
            throw new PredictRequestException(StatusCodes.Status400BadRequest, "Malformed multipart body", "The multipart/form-data Content-Type has no boundary.");
        }

        var reader = new MultipartReader(boundary, new MemoryStream(body));
        try
        {
            while (await reader.ReadNextSectionAsync() is { } section)
            {
                if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out ContentDispositionHeaderValue? disposition) && disposition.IsFileDisposition())
                {
                    using var file = new MemoryStream();
                    await section.Body.CopyToAsync(file);
                    string name = HeaderUtilities.RemoveQuotes(disposition.FileName).Value is { Length: > 0 } fileName ? $"The uploaded file '{fileName}'" : "The uploaded file";
                    return (file.ToArray(), name);
                }
            }
        }
        catch (IOException e)
        {
            throw new PredictRequestException(StatusCodes.Status400BadRequest, "Malformed multipart body", $"The multipart/form-data body cannot be read: {e.Message}");
        }

        throw new PredictRequestException(StatusCodes.Status400BadRequest, "No image in the form", "The multipart/form-data body has no file part; send the image as a file field (for instance curl -F image=@digit.png).");
    }

    private static float[] Decode(byte[] image, string name, ImageInputOptions options)
    {
        try
        {
            return ImageInput.Decode(image, options, name);
        }
        catch (InvalidImageFileException e)
        {
            throw new PredictRequestException(StatusCodes.Status400BadRequest, "Not a usable image", e.Message);
        }
    }

    private static PredictRequestException TooLarge(long? length, long limit)
    {
        string size = length is long known ? $"{known:N0} bytes" : "more than that";
        return new PredictRequestException(StatusCodes.Status413PayloadTooLarge, "Request too large", $"The request body is {size}; at most {limit:N0} bytes are accepted (a 280x280 drawing as PNG is about 10 KB).");
    }
}

namespace DigitServer;

/// <summary>A request to <c>POST /predict</c> that cannot be answered: the status code and what to tell the client.</summary>
internal sealed class PredictRequestException : Exception
{
    public PredictRequestException()
        : this(StatusCodes.Status400BadRequest, "Bad request", "The request cannot be answered.")
    {
    }

    public PredictRequestException(string message)
        : this(StatusCodes.Status400BadRequest, "Bad request", message)
    {
    }

    public PredictRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
        StatusCode = StatusCodes.Status400BadRequest;
        Title = "Bad request";
    }

    public PredictRequestException(int statusCode, string title, string detail)
        : base(detail)
    {
        StatusCode = statusCode;
        Title = title;
    }

    /// <summary>The HTTP status code, 4xx.</summary>
    public int StatusCode { get; }

    /// <summary>The problem's short, fixed title (RFC 7807 <c>title</c>).</summary>
    public string Title { get; }
}

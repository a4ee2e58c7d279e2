using DigitServer;

// dotnet run --project samples/DigitServer -- --model runs/<run>/model.nnet [--urls http://127.0.0.1:5000]
try
{
    WebApplication app = DigitServerApp.Build(args);
    await app.RunAsync();
    return 0;
}
catch (StartupException e)
{
    await Console.Error.WriteLineAsync($"DigitServer cannot start: {e.Message}");
    return 2;
}

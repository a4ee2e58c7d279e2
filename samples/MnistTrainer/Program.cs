using MnistTrainer;

// The first Ctrl+C asks the running command to stop after the current batch; a second one ends the process at once.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    if (!stop.IsCancellationRequested)
    {
        e.Cancel = true;
        stop.Cancel();
    }
};

return await CommandLineApp.RunAsync(args, Console.Out, Console.Error, stop.Token);

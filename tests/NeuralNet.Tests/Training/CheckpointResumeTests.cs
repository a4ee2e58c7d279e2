using System.Diagnostics;
using NeuralNet.Compute;
using NeuralNet.Tests.Compute;
using NeuralNet.Tests.Support;
using NeuralNet.Tests.TestData;
using NeuralNet.Training;

namespace NeuralNet.Tests.Training;

// Chooses the compute backend, so it runs with the other backend tests, alone.
[Collection(nameof(GlobalBackend))]
public sealed class CheckpointResumeTests : IDisposable
{
    public void Dispose() => ComputeBackend.Reset();

    [Fact]
    public void LoadCheckpoint_AfterEachEpoch_ContinuesBitIdenticallyOnTheManagedBackend()
    {
        ComputeBackend.UseManaged();
        var (train, validation) = CheckpointScenario.Data();
        Trainer reference = CheckpointScenario.Create();
        reference.Fit(train, validation);
        using var folder = new TempDirectory();
        CheckpointScenario.Create(folder.File("checkpoint-epoch-{epoch}.nnc")).Fit(train, validation);

        for (int epoch = 1; epoch < CheckpointScenario.Epochs; epoch++)
        {
            Trainer resumed = Trainer.LoadCheckpoint(folder.File($"checkpoint-epoch-{epoch}.nnc"));
            resumed.CompletedEpochs.Should().Be(epoch);
            resumed.History.Epochs.Should().HaveCount(epoch);

            resumed.Fit(train, validation);

            CheckpointScenario.Outcome(resumed).Should().BeEquivalentTo(CheckpointScenario.Outcome(reference), o => o.WithStrictOrdering(), $"resumed after epoch {epoch}");
        }
    }

    [Fact]
    public void LoadCheckpoint_WrittenOnCancellationMidEpoch_ContinuesExactly()
    {
        var (train, validation) = CheckpointScenario.Data();
        Trainer reference = CheckpointScenario.Create();
        reference.Fit(train, validation);
        using var folder = new TempDirectory();
        Trainer first = CheckpointScenario.Create(folder.File("run-{epoch}.nnc"));
        using var cancel = new CancellationTokenSource();

        TrainingHistory partial = first.Fit(train, validation, new SynchronousProgress(p =>
        {
            if (p.Iterations == 13)
            {
                cancel.Cancel();
            }
        }), cancel.Token);

        partial.StopReason.Should().Be(StopReason.Cancelled);
        partial.LastCheckpoint.Should().Be(
            folder.File("run-1-batch-5.nnc"), "with 8 batches an epoch, the 13th is the 5th of epoch 2; a mid-epoch checkpoint never takes the name of epoch 1's");
        Trainer resumed = Trainer.LoadCheckpoint(partial.LastCheckpoint!);
        resumed.CompletedIterations.Should().Be(13);

        resumed.Fit(train, validation);

        // Same backend and shapes in one process: the native BLAS repeats itself too, so this holds bit for bit here.
        CheckpointScenario.Outcome(resumed).Should().BeEquivalentTo(CheckpointScenario.Outcome(reference), o => o.WithStrictOrdering());
        resumed.History.StopReason.Should().Be(StopReason.Completed);
    }

    [Fact]
    public void LoadCheckpoint_AfterTheTrainingProcessWasKilled_ContinuesLikeAnUninterruptedRun()
    {
        ComputeBackend.UseManaged();
        using var folder = new TempDirectory();
        using (Process child = StartChild(folder.Path))
        {
            // End the process as a crash would, once it has written two checkpoints and is busy with the third epoch.
            string? line;
            while ((line = child.StandardOutput.ReadLine()) != "checkpoint 2")
            {
                line.Should().NotBeNull($"the child should report its checkpoints; it wrote: {child.StandardError.ReadToEnd()}");
            }

            child.Kill(entireProcessTree: true);
            child.WaitForExit();
        }

        var (train, validation) = CheckpointScenario.Data();
        Trainer reference = CheckpointScenario.Create(epochs: Program.KilledRunEpochs);
        reference.Fit(train, validation);
        Trainer resumed = Trainer.LoadCheckpoint(folder.File("checkpoint-epoch-2.nnc"));

        resumed.Fit(train, validation);

        CheckpointScenario.Outcome(resumed).Should().BeEquivalentTo(CheckpointScenario.Outcome(reference), o => o.WithStrictOrdering());
        // On a busy machine the kill can land in a later epoch's save: that leaves a temporary file, never a broken checkpoint.
        foreach (string checkpoint in folder.Entries().Where(e => e.EndsWith(".nnc", StringComparison.Ordinal)))
        {
            int epoch = int.Parse(checkpoint["checkpoint-epoch-".Length..^".nnc".Length], System.Globalization.CultureInfo.InvariantCulture);
            Trainer.LoadCheckpoint(folder.File(checkpoint)).CompletedEpochs.Should().Be(epoch, checkpoint);
        }
    }

    [Fact]
    public void Fit_ResumedOnAnotherTrainingSet_ThrowsBeforeAnyWork()
    {
        var (train, validation) = CheckpointScenario.Data();
        using var folder = new TempDirectory();
        Trainer first = CheckpointScenario.Create(folder.File("c-{epoch}.nnc"));
        first.Fit(train, validation);
        Trainer resumed = Trainer.LoadCheckpoint(folder.File("c-2.nnc"));
        var (otherTrain, _) = SyntheticData.Spirals(80, seed: 99).Split(40, seed: 3);

        Action fit = () => resumed.Fit(otherTrain, validation);

        fit.Should().Throw<ArgumentException>().WithMessage("This run began on a training set of 120 samples*checksum*same training set*");
        resumed.CompletedEpochs.Should().Be(2);
    }

    private static Process StartChild(string folder)
    {
        ProcessStartInfo info = TestAssemblyProcess.StartInfo("train-checkpointed", folder);
        info.Environment[ComputeBackend.EnvironmentVariable] = "managed";
        return Process.Start(info)!;
    }
}

using System.Diagnostics;
using System.Globalization;
using NeuralNet.Fuzz;
using NeuralNet.Fuzz.Targets;

// The fuzz harness of the file readers; run.sh drives it under AFL++ (see the README's "Fuzzing and property tests").
FuzzTarget[] targets = [new IdxImagesTarget(), new IdxLabelsTarget(), new CsvTarget(), new ModelTarget(), new CheckpointTarget()];

return args switch
{
    ["list"] => List(),
    ["seed", string folder, .. string[] names] => Seed(folder, names),
    ["fuzz", string name] => Fuzz(name),
    ["replay", string name, .. string[] paths] when paths.Length > 0 => Replay(name, paths),
    ["mutate", string name, .. string[] options] => Mutate(name, options),
    _ => Usage(),
};

int List()
{
    foreach (FuzzTarget target in targets)
    {
        Console.WriteLine($"{target.Name,-12} {target.Reads}");
    }

    return 0;
}

int Seed(string folder, string[] names)
{
    foreach (FuzzTarget target in names.Length == 0 ? targets : names.Select(Find))
    {
        string directory = Path.Combine(folder, target.Name);
        Directory.CreateDirectory(directory);
        foreach ((string file, byte[] bytes) in target.Seeds())
        {
            if (target.Try(bytes) is { } problem)
            {
                Console.Error.WriteLine($"{target.Name}: the seed {file} does not pass: {problem}");
                return 1;
            }

            File.WriteAllBytes(Path.Combine(directory, file), bytes);
        }

        Console.WriteLine($"{target.Name}: {Directory.GetFiles(directory).Length} seeds in {directory}");
    }

    return 0;
}

// Under afl-fuzz: SharpFuzz's fork server in a child process, so that a hang or a stack overflow ends one run, not the campaign.
int Fuzz(string name)
{
    FuzzTarget target = Find(name);
    SharpFuzz.Fuzzer.OutOfProcess.Run(stream =>
    {
        using var input = new MemoryStream();
        stream.CopyTo(input);
        target.Run(input.ToArray());
    });
    return 0;
}

int Replay(string name, string[] paths)
{
    FuzzTarget target = Find(name);
    int failed = 0;
    string[] files = [.. paths.SelectMany(p => Directory.Exists(p) ? Directory.GetFiles(p).Where(f => !f.EndsWith("README.txt", StringComparison.Ordinal)) : [p]).Order(StringComparer.Ordinal)];
    foreach (string file in files)
    {
        var clock = Stopwatch.StartNew();
        Exception? problem = target.Try(File.ReadAllBytes(file));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{file}: {(problem is null ? "passes" : "FAILS")} ({clock.Elapsed.TotalMilliseconds:F1} ms)"));
        if (problem is not null)
        {
            Console.WriteLine(problem.ToString());
            failed++;
        }
    }

    Console.WriteLine($"{target.Name}: {files.Length} inputs replayed, {failed} failed");
    return failed == 0 ? 0 : 1;
}

int Mutate(string name, string[] options)
{
    TimeSpan? duration = null;
    long? iterations = null;
    int seed = 1;
    string? findings = null;
    for (int i = 0; i + 1 < options.Length; i += 2)
    {
        switch (options[i])
        {
            case "--seconds":
                duration = TimeSpan.FromSeconds(double.Parse(options[i + 1], CultureInfo.InvariantCulture));
                break;
            case "--iterations":
                iterations = long.Parse(options[i + 1], CultureInfo.InvariantCulture);
                break;
            case "--seed":
                seed = int.Parse(options[i + 1], CultureInfo.InvariantCulture);
                break;
            case "--findings":
                findings = options[i + 1];
                break;
            default:
                return Usage();
        }
    }

    if (options.Length % 2 != 0 || (duration is null && iterations is null))
    {
        return Usage();
    }

    int crashes = 0;
    foreach (FuzzTarget target in name == "all" ? targets : [Find(name)])
    {
        var run = new MutationRun(target, seed, findings);
        var clock = Stopwatch.StartNew();
        run.Run(duration, iterations);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{run.Summary()} in {clock.Elapsed.TotalSeconds:F1} s"));
        crashes += run.Crashes;
    }

    return crashes == 0 ? 0 : 1;
}

FuzzTarget Find(string name) =>
    targets.FirstOrDefault(t => t.Name == name)
    ?? throw new ArgumentException($"No fuzz target '{name}'; the targets are {string.Join(", ", targets.Select(t => t.Name))}.", nameof(name));

int Usage()
{
    Console.Error.WriteLine("""
        Fuzz harness of the NeuralNet file readers.
          list                                 the targets and what they read
          seed FOLDER [TARGET...]              writes each target's seed corpus to FOLDER/TARGET/
          fuzz TARGET                          runs under afl-fuzz (one input per run on standard input); see run.sh
          replay TARGET FILE|FOLDER...         runs inputs once each and prints what the reader did
          mutate TARGET|all --seconds S | --iterations N [--seed N] [--findings FOLDER]
                                               an in-process run of seeded mutations (no AFL++, no coverage)
        """);
    return 2;
}

namespace NeuralNet.Losses;

/// <summary>The losses checkpoints know, by name: the one place a new loss is registered.</summary>
internal static class LossKinds
{
    private static readonly (string Name, Type Type, Func<Loss> Create)[] All =
    [
        ("CrossEntropy", typeof(CrossEntropyLoss), () => new CrossEntropyLoss()),
        ("MeanSquaredError", typeof(MeanSquaredErrorLoss), () => new MeanSquaredErrorLoss()),
    ];

    /// <summary>The name checkpoints give <paramref name="loss"/>, or <see langword="null"/> for a type they cannot hold.</summary>
    public static string? NameOf(Loss loss) => All.FirstOrDefault(k => k.Type == loss.GetType()).Name;

    /// <summary>A new loss of the kind named <paramref name="name"/>, or <see langword="null"/>.</summary>
    public static Loss? Create(string name) => All.FirstOrDefault(k => k.Name == name).Create?.Invoke();

    /// <summary>Lists the names for messages: "CrossEntropy and MeanSquaredError".</summary>
    public static string Names() => string.Join(" and ", All.Select(k => k.Name));

    /// <summary>Lists the types for messages: "CrossEntropyLoss and MeanSquaredErrorLoss".</summary>
    public static string TypeNames() => string.Join(" and ", All.Select(k => k.Type.Name));
}

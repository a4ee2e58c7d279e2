namespace NeuralNet.Optimizers;

/// <summary>The optimizers checkpoints and the command line know, one descriptor each: the one place a new optimizer is registered.</summary>
internal static class OptimizerKinds
{
    /// <summary>Every descriptor, in the order messages list them.</summary>
    public static IReadOnlyList<OptimizerDescriptor> All { get; } =
    [
        OptimizerDescriptor.Of<Sgd>("SGD", o => [("lr", o.LearningRate)], s => new Sgd(s("lr")), lr => new Sgd(lr)),
        OptimizerDescriptor.Of<Momentum>(
            "Momentum",
            o => [("lr", o.LearningRate), ("momentum", o.MomentumFactor), ("dampening", o.Dampening)],
            s => new Momentum(s("lr"), s("momentum"), s("dampening")),
            lr => new Momentum(lr)),
        OptimizerDescriptor.Of<Nesterov>(
            "Nesterov", o => [("lr", o.LearningRate), ("momentum", o.MomentumFactor)], s => new Nesterov(s("lr"), s("momentum")), lr => new Nesterov(lr)),
        OptimizerDescriptor.Of<RmsProp>(
            "RMSprop",
            o => [("lr", o.LearningRate), ("alpha", o.Alpha), ("eps", o.Epsilon), ("momentum", o.MomentumFactor)],
            s => new RmsProp(s("lr"), s("alpha"), s("eps"), s("momentum")),
            lr => new RmsProp(lr)),
        OptimizerDescriptor.Of<Adam>(
            "Adam",
            o => [("lr", o.LearningRate), ("beta1", o.Beta1), ("beta2", o.Beta2), ("eps", o.Epsilon)],
            s => new Adam(s("lr"), s("beta1"), s("beta2"), s("eps")),
            lr => new Adam(lr)),
        OptimizerDescriptor.Of<AdamW>(
            "AdamW",
            o => [("lr", o.LearningRate), ("beta1", o.Beta1), ("beta2", o.Beta2), ("eps", o.Epsilon), ("weight_decay", o.WeightDecay)],
            s => new AdamW(s("lr"), s("beta1"), s("beta2"), s("eps"), s("weight_decay")),
            lr => new AdamW(lr)),
    ];

    /// <summary>The descriptor of <paramref name="optimizer"/>'s exact type, or <see langword="null"/> for a type checkpoints cannot hold.</summary>
    public static OptimizerDescriptor? For(Optimizer optimizer) => All.FirstOrDefault(d => d.OptimizerType == optimizer.GetType());

    /// <summary>The descriptor named <paramref name="name"/> (in any case), or <see langword="null"/>.</summary>
    public static OptimizerDescriptor? Named(string name) => All.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Lists the names for messages, such as "SGD, Momentum, ... and AdamW".</summary>
    public static string Names(bool lowerCase = false)
    {
        string[] names = [.. All.Select(d => lowerCase ? d.Name.ToLowerInvariant() : d.Name)];
        return lowerCase ? string.Join(", ", names) : $"{string.Join(", ", names[..^1])} and {names[^1]}";
    }
}

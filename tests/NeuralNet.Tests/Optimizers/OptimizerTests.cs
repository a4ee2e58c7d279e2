using NeuralNet.Layers;
using NeuralNet.Losses;
using NeuralNet.Optimizers;

namespace NeuralNet.Tests.Optimizers;

public sealed class OptimizerTests
{
    public static TheoryData<string> Names() => ["sgd", "momentum", "nesterov", "rmsprop", "adam", "adamw"];

    [Theory]
    [InlineData("sgd", typeof(Sgd))]
    [InlineData("Momentum", typeof(Momentum))]
    [InlineData("NESTEROV", typeof(Nesterov))]
    [InlineData("RMSprop", typeof(RmsProp))]
    [InlineData("adam", typeof(Adam))]
    [InlineData("AdamW", typeof(AdamW))]
    public void FromName_KnownNameInAnyCase_CreatesThatOptimizerWithTheRate(string name, Type type)
    {
        Optimizer optimizer = Optimizer.FromName(name, 0.05f);

        optimizer.Should().BeOfType(type);
        optimizer.LearningRate.Should().Be(0.05f);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void FromName_OwnName_RoundTripsWithDefaults(string name)
    {
        Optimizer optimizer = Optimizer.FromName(name, 0.05f);

        Optimizer again = Optimizer.FromName(optimizer.Name, optimizer.LearningRate);

        again.Should().BeOfType(optimizer.GetType());
        again.ToString().Should().Be(optimizer.ToString());
        again.Name.Should().BeEquivalentTo(name, "the name it reports is the name it is created from, in some case");
    }

    [Theory]
    [InlineData("adagrad")]
    [InlineData("")]
    [InlineData("adam ")]
    public void FromName_UnknownName_ThrowsListingTheValidNames(string name)
    {
        Action create = () => Optimizer.FromName(name, 0.01f);

        create.Should().Throw<ArgumentException>()
            .WithMessage($"*'{name}'*sgd, momentum, nesterov, rmsprop, adam, adamw*")
            .And.ParamName.Should().Be("name");
    }

    [Fact]
    public void FromName_BadLearningRate_Throws()
    {
        Action create = () => Optimizer.FromName("adam", -1f);

        create.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*learning rate of Adam*");
    }

    [Theory]
    [InlineData("sgd", 0.1f)]
    [InlineData("momentum", 0.02f)]
    [InlineData("nesterov", 0.02f)]
    [InlineData("rmsprop", 0.01f)]
    [InlineData("adam", 0.1f)]
    [InlineData("adamw", 0.1f)]
    public void Step_LeastSquares_ReachesTheMinimum(string name, float learningRate)
    {
        // f(θ) = ½‖Aθ − b‖² with b = A·(1, −2), so the minimum is 0 at (1, −2); ∇f = Aᵀ(Aθ − b). f starts at 14.5.
        double[,] a = { { 2, 1 }, { 1, 3 }, { 0, 1 } };
        double[] b = [0, -5, -2];
        var theta = new Parameter("theta", 2, 1);
        Optimizer optimizer = Optimizer.FromName(name, learningRate);
        double Loss(bool setGradient)
        {
            Span<float> t = theta.ValueSpan;
            double loss = 0, g0 = 0, g1 = 0;
            for (int i = 0; i < 3; i++)
            {
                double r = (a[i, 0] * t[0]) + (a[i, 1] * t[1]) - b[i];
                loss += 0.5 * r * r;
                g0 += a[i, 0] * r;
                g1 += a[i, 1] * r;
            }

            if (setGradient)
            {
                theta.GradientSpan[0] = (float)g0;
                theta.GradientSpan[1] = (float)g1;
            }

            return loss;
        }

        for (int step = 0; step < 400; step++)
        {
            Loss(setGradient: true);
            optimizer.Step([theta]);
        }

        Loss(setGradient: false).Should().BeLessThan(1e-3, $"{optimizer} minimises a 2-D quadratic in 400 steps");
    }

    [Theory]
    [InlineData("sgd", 0.5f)]
    [InlineData("momentum", 0.1f)]
    [InlineData("nesterov", 0.1f)]
    [InlineData("rmsprop", 0.01f)]
    [InlineData("adam", 0.01f)]
    [InlineData("adamw", 0.01f)]
    public void Step_TinyNetwork_LowersTheCrossEntropy(string name, float learningRate)
    {
        // The README's quick start: class 1 when x0 + x1 > 1.
        var random = new Random(1);
        Matrix<float> inputs = Matrix<float>.Build.Dense(2, 200, (_, _) => (float)random.NextDouble());
        Matrix<float> targets = Matrix<float>.Build.Dense(2, 200, (i, j) => (inputs[0, j] + inputs[1, j] > 1 ? 1 : 0) == i ? 1f : 0f);
        Network network = Network.Create([2, 8, 2], seed: 1);
        var loss = new CrossEntropyLoss();
        Optimizer optimizer = Optimizer.FromName(name, learningRate);
        float initial = loss.Compute(network.Forward(inputs), targets);

        for (int step = 0; step < 300; step++)
        {
            network.Forward(inputs);
            network.Backward(loss, targets);
            optimizer.Step(network.Parameters);
        }

        float final = loss.Compute(network.Forward(inputs), targets);
        final.Should().BeLessThan(0.15f, $"{optimizer} trains a 2-8-2 network in 300 steps (from {initial}; each reaches about 0.04 to 0.08)");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Step_AfterTheFirstStep_AllocatesNothing(string name)
    {
        Optimizer optimizer = name == "rmsprop" ? new RmsProp(momentum: 0.9f) : Optimizer.FromName(name, 0.01f);
        var weights = new Parameter("weights", 8, 3);
        var biases = new Parameter("biases", 8, 1);
        weights.Gradient.MapIndexedInplace((i, j, _) => (i - j) * 0.1f);
        biases.Gradient.MapIndexedInplace((i, _, _) => 0.5f - (i * 0.1f));
        Parameter[] parameters = [biases, weights]; // the smaller first, so the scratch buffer grows in the first step
        optimizer.Step(parameters);

        long before = GC.GetAllocatedBytesForCurrentThread();
        optimizer.Step(parameters);

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0, $"{optimizer} reuses its state and scratch buffers");
    }

    [Theory]
    [InlineData("sgd")]
    [InlineData("momentum")]
    [InlineData("nesterov")]
    [InlineData("rmsprop")]
    [InlineData("adam")]
    [InlineData("adamw")]
    public void StepAndFindNonFinite_InfiniteGradientInTheSecondParameter_UpdatesAllAndReportsIt(string name)
    {
        Optimizer checkedOne = Optimizer.FromName(name, 0.01f);
        Optimizer plain = Optimizer.FromName(name, 0.01f);
        Parameter[] Make()
        {
            var first = new Parameter("first", 40, 3);
            var second = new Parameter("second", 17, 1);
            first.Gradient.MapIndexedInplace((i, j, _) => (i - j) * 0.01f);
            second.Gradient.MapIndexedInplace((i, _, _) => i == 11 ? float.PositiveInfinity : 0.5f);
            return [first, second];
        }

        Parameter[] parameters = Make();
        Parameter[] reference = Make();

        checkedOne.StepAndFindNonFinite(parameters).Should().Be(1);
        plain.Step(reference);

        parameters[0].ValueSpan.ToArray().Should().Equal(reference[0].ValueSpan.ToArray(), "the check changes no value");
        parameters[1].ValueSpan.ToArray().Select(BitConverter.SingleToInt32Bits).Should().Equal(reference[1].ValueSpan.ToArray().Select(BitConverter.SingleToInt32Bits));
        checkedOne.StepAndFindNonFinite([parameters[0]]).Should().Be(-1, "the first parameter stays finite");
    }

    [Theory]
    [InlineData("sgd")]
    [InlineData("momentum")]
    public void Step_ParameterLongEnoughForTwoThreads_FollowsTheRuleBitForBit(string name)
    {
        _ = NeuralNet.Compute.ComputeBackend.Current; // choose a backend, so that the helper threads exist
        const int length = 150_001;
        var random = new Random(3);
        var parameter = new Parameter("w", length, 1);
        parameter.Value.MapInplace(_ => (float)(random.NextDouble() - 0.5));
        float[] expected = parameter.ValueSpan.ToArray();
        float[] velocity = new float[length];
        Optimizer optimizer = Optimizer.FromName(name, 0.05f);
        for (int t = 1; t <= 3; t++)
        {
            parameter.Gradient.MapInplace(_ => (float)(random.NextDouble() - 0.5));
            float[] g = parameter.GradientSpan.ToArray();
            optimizer.Step([parameter]);

            float[] direction = g;
            if (name == "momentum")
            {
                // v ← g at the first step, v ← 0.9·v + g afterwards (TensorPrimitives' passes, as the rule was written before).
                if (t == 1)
                {
                    g.CopyTo(velocity, 0);
                }
                else
                {
                    System.Numerics.Tensors.TensorPrimitives.Multiply(velocity, 0.9f, velocity);
                    System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(g, 1f, velocity, velocity);
                }

                direction = velocity;
            }

            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(direction, -0.05f, expected, expected);
            parameter.ValueSpan.ToArray().Should().Equal(expected, $"{name}, step {t}");
        }
    }

    [Fact]
    public void Reset_AfterSteps_ForgetsStateAndSteps()
    {
        var optimizer = new Adam();
        var parameter = new Parameter("w", 2, 1);
        optimizer.Step([parameter]);

        optimizer.Reset();

        optimizer.Steps.Should().Be(0);
        optimizer.HasState(parameter).Should().BeFalse();
    }
}

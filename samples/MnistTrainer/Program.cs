// The MNIST trainer console app; its commands arrive with the sample's own issue.
Console.WriteLine("MnistTrainer: not yet implemented.");
return 1;

namespace Oaif.Tests.Benchmarks;

/// <summary>
/// Tests that must not run beside others: online training seeds torch's global generator
/// (RunDirectory.StartFresh) and test helpers such as OnlineToy.Model draw from it, so two such tests in
/// parallel can change each other's weights. Members run after the parallel tests, one at a time.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialTorchCollection
{
    public const string Name = "serial torch (global RNG)";
}

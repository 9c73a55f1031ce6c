namespace OpenAI.PowerShell.Hosted.Tests.Hosting;

/// <summary>
/// Every hosted test runs in this one collection, one at a time: the module keeps its session
/// context for the whole process, and each test points it at its own emulator.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostedCollection
{
    public const string Name = "Hosted PowerShell";
}

using OpenAI.Emulator;
using OpenAI.PowerShell.TestSupport;

namespace OpenAI.PowerShell.Hosted.Tests.Hosting;

/// <summary>
/// Base of the hosted tests: a fresh emulator and a temp folder (from <see cref="EmulatorTest"/>) as the
/// current location, and a runspace with the module imported, all per test.
/// </summary>
[Collection(HostedCollection.Name)]
public abstract class HostedTest : EmulatorTest
{
    private PowerShellSession? _session;

    static HostedTest() => TestStateFolder.Use();

    protected PowerShellSession Session => _session ??= PowerShellSession.Start(Server, Files.Root);

    public override async Task DisposeAsync()
    {
        _session?.Dispose();
        await base.DisposeAsync();
    }

    protected RunResult Run(string script, params object?[] args) => Session.Run(script, args);

    /// <summary>
    /// A file in the current location: a valid batch JSONL file for a .jsonl name (the module checks
    /// those before sending them for purpose batch), pseudo-random bytes for any other.
    /// </summary>
    protected string CreateFile(string name, long length, int seed = 1) =>
        name.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) ? Files.CreateJsonl(name, length, seed: seed) : Files.Create(name, length, seed);

    /// <summary>The bytes the emulator assembled for a completed file.</summary>
    protected byte[] ServerFile(string fileId) => Server.State.ReadFileContent(fileId);

    protected int Requests(string method, string pathContains) => Server.Requests.Count(method, pathContains);

    /// <summary>What TabExpansion2 offers with the cursor at the end of <paramref name="line"/>.</summary>
    protected List<System.Management.Automation.CompletionResult> Complete(string line) =>
        Run("(TabExpansion2 -inputScript $args[0] -cursorColumn $args[1]).CompletionMatches", line, line.Length).ThrowIfFailed()
            .Output.Select(o => (System.Management.Automation.CompletionResult)o.BaseObject).ToList();
}

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

    /// <summary>
    /// Runs a script with no key anywhere: the session context is reset (keeping only the emulator's
    /// address) and OPENAI_API_KEY is unset for the duration.
    /// </summary>
    protected RunResult RunWithoutKey(string script)
    {
        var saved = Environment.GetEnvironmentVariable("OPENAI_API_KEY");
        try
        {
            Environment.SetEnvironmentVariable("OPENAI_API_KEY", null);
            Run("Set-OAIContext -Reset -BaseUri $args[0] -MaxRetries 1", Server.BaseUri.ToString()).ThrowIfFailed();
            var context = Run("Get-OAIContext").ThrowIfFailed();
            Assert.True(string.IsNullOrEmpty(context.Value<string?>(0, "ApiKeyHint")), "The setup left a key."); // proves the setup
            return Run(script);
        }
        finally
        {
            Environment.SetEnvironmentVariable("OPENAI_API_KEY", saved);
        }
    }
}

using System.Text.RegularExpressions;
using OpenAI.PowerShell.Hosted.Tests.Hosting;

namespace OpenAI.PowerShell.Hosted.Tests.Docs;

/// <summary>
/// The PowerShell examples of the emulator's own README (tests/OpenAI.Emulator/README.md), run as a user
/// would run them against the emulator on port 8080: here against the test's emulator, its address and
/// key put in place of the README's. The curl example names ids by placeholder and is not run.
/// </summary>
public sealed class EmulatorReadmeTests : HostedTest
{
    private static string Block(string heading)
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "OpenAI.Emulator", "README.md")).Replace("\r\n", "\n");
        var section = text[text.IndexOf("\n" + heading + "\n", StringComparison.Ordinal)..];
        return Regex.Match(section, "```powershell\n(.*?)```", RegexOptions.Singleline).Groups[1].Value;
    }

    private string ForThisEmulator(string script) => script
        .Replace("http://127.0.0.1:8080/v1", Server.BaseUri.AbsoluteUri.TrimEnd('/'), StringComparison.Ordinal)
        .Replace("sk-emulator-test-key", Server.ApiKey, StringComparison.Ordinal);

    [Fact]
    public void The_batch_example_runs_and_prints_the_echo_it_promises()
    {
        var script = Block("## Example: a batch from PowerShell 7");
        Assert.Contains("# Echo: hello", script, StringComparison.Ordinal);

        var result = Run(ForThisEmulator(script)).ThrowIfFailed();

        Assert.Equal("Echo: hello", result.LastText);
        Assert.Single(Server.Batches.List());
    }

    [Fact]
    public void The_environment_example_points_the_module_at_the_emulator()
    {
        var script = Block("## Install and run");
        var saved = (Environment.GetEnvironmentVariable("OPENAI_BASE_URL"), Environment.GetEnvironmentVariable("OPENAI_API_KEY"));
        RunResult result;
        try
        {
            // The session's context would win over the environment: without it, the example's variables decide.
            result = Run("Set-OAIContext -Reset -Confirm:$false\n" + ForThisEmulator(script) + "\nGet-OAIFile | Measure-Object | ForEach-Object Count").ThrowIfFailed();
        }
        finally
        {
            // The variables belong to the test process: other tests must not inherit them.
            Environment.SetEnvironmentVariable("OPENAI_BASE_URL", saved.Item1);
            Environment.SetEnvironmentVariable("OPENAI_API_KEY", saved.Item2);
        }

        Assert.Equal(0, Convert.ToInt32(result.Output.Single().BaseObject));
        Assert.Equal(1, Requests("GET", "/v1/files"));
    }

    [Fact]
    public void The_azure_example_runs_and_prints_what_it_promises()
    {
        var script = Block("## Azure OpenAI v1");

        var result = Run(ForThisEmulator(script)).ThrowIfFailed();

        Assert.Equal("401 401", result.LastText);
        Assert.Equal(2, Server.Azure.TokenRequests);
    }
}

using OpenAI.PowerShell.Hosted.Tests.Hosting;
using OpenAI.PowerShell.TestSupport;

namespace OpenAI.PowerShell.Hosted.Tests.Help;

/// <summary>
/// Runs tests/Help/Test-ModuleHelp.ps1, the check the GitHub workflow runs, in a real runspace: for every
/// cmdlet, Get-Help -Full shows a synopsis, a description, every parameter with the pipeline input, aliases
/// and Required of the cmdlet's metadata, the syntax in Get-Command's order and two examples, and the about
/// topic is found. It needs the MAML that build.ps1 makes with PlatyPS; where that could not be built, the
/// test is skipped and says why (HelpCheckTests shows the check failing on misleading help either way).
/// </summary>
[Collection(HostedCollection.Name)]
public sealed class HelpContentTests : IDisposable
{
    private readonly TestFiles _files = new();

    [WhenHelpIsBuiltFact]
    public void Get_Help_shows_the_built_help_for_every_cmdlet()
    {
        using var session = PowerShellSession.Start(null, _files.Root);
        var script = Path.Combine(RepoPaths.Root, "tests", "Help", "Test-ModuleHelp.ps1");
        var result = session.Run("& $args[0]", script);
        Assert.True(result.Terminating is null && result.Errors.Count == 0,
            string.Join("\n", result.AllErrors.Select(e => e.Exception?.Message)) + "\n" + result.HostText);
        Assert.Contains("Help check passed", result.HostText, StringComparison.Ordinal);
    }

    public void Dispose() => _files.Dispose();
}

/// <summary>A Fact that is skipped, with the reason, when the module folder has no cmdlet help.</summary>
public sealed class WhenHelpIsBuiltFactAttribute : FactAttribute
{
    public static string HelpFile => Path.Combine(RepoPaths.ModuleFolder, "en-US", "OpenAI.PowerShell.dll-Help.xml");

    public WhenHelpIsBuiltFactAttribute()
    {
        if (!File.Exists(HelpFile))
        {
            Skip = $"No cmdlet help in the module folder ({HelpFile}): build.ps1 -Task Docs or Package makes it with " +
                   "Microsoft.PowerShell.PlatyPS from the PowerShell Gallery, which cannot be installed here. " +
                   "The GitHub workflow builds it and runs this check.";
        }
    }
}

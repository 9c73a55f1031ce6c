using System.Text.RegularExpressions;
using OpenAI.PowerShell.Hosted.Tests.Hosting;
using OpenAI.PowerShell.TestSupport;

namespace OpenAI.PowerShell.Hosted.Tests.Help;

/// <summary>
/// Get-Help -Online needs a link: every cmdlet's HelpUri is its doc under the manifest's ProjectUri (the
/// same URL as the doc's 'online version'). Update-Help is not offered: there is no HelpInfoURI.
/// </summary>
[Collection(HostedCollection.Name)]
public sealed class HelpLinkTests : IDisposable
{
    private readonly TestFiles _files = new();
    private readonly PowerShellSession _session;

    public HelpLinkTests() => _session = PowerShellSession.Start(null, _files.Root);

    private static string ProjectUri()
    {
        var manifest = File.ReadAllText(RepoPaths.ModuleManifest);
        var match = Regex.Match(manifest, @"ProjectUri\s*=\s*'([^']+)'");
        Assert.True(match.Success, "The manifest has no ProjectUri.");
        return match.Groups[1].Value;
    }

    [Fact]
    public void Every_cmdlet_has_a_HelpUri_to_its_doc()
    {
        var result = _session.Run("Get-Command -Module OpenAI.PowerShell -CommandType Cmdlet | ForEach-Object { $_.Name + '|' + $_.HelpUri }").ThrowIfFailed();
        var rows = result.Output.Select(o => o.ToString().Split('|')).ToList();
        Assert.True(rows.Count >= 8, $"Expected the module's cmdlets, got {rows.Count}.");
        var expected = ProjectUri() + "/blob/main/docs/en-US/";
        var wrong = rows.Where(r => r[1] != expected + r[0] + ".md").Select(r => $"{r[0]}: '{r[1]}'").ToList();
        Assert.True(wrong.Count == 0, $"HelpUri should be {expected}<cmdlet>.md:\n" + string.Join("\n", wrong));
        foreach (var row in rows)
        {
            var doc = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "en-US", row[0] + ".md"));
            Assert.Contains("online version: " + row[1], doc, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_module_has_no_HelpInfoURI_so_Update_Help_is_not_sent_to_a_page_that_is_not_updatable_help()
    {
        // Update-Help reads <HelpInfoURI>/<module>_<guid>_HelpInfo.xml and CAB files; a GitHub folder page
        // holds neither, so the module ships its help in en-US instead of promising updatable help.
        var result = _session.Run("""
            "HelpInfoUri=[$((Get-Module OpenAI.PowerShell).HelpInfoUri)]"
            try { Update-Help -Module OpenAI.PowerShell -UICulture en-US -ErrorAction Stop } catch { $_.FullyQualifiedErrorId }
            """).ThrowIfFailed();

        Assert.Equal("HelpInfoUri=[]", result.Output[0].ToString());
        Assert.StartsWith("HelpInfoUriNotFound", result.Output[1].ToString(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _session.Dispose();
        _files.Dispose();
    }
}

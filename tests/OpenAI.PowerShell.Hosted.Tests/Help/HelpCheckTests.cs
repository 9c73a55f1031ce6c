using System.Security;
using OpenAI.PowerShell.Hosted.Tests.Hosting;
using OpenAI.PowerShell.TestSupport;

namespace OpenAI.PowerShell.Hosted.Tests.Help;

/// <summary>
/// tests/Help/Test-ModuleHelp.ps1 must fail on help that misleads a reader, here too where PlatyPS cannot
/// be installed: a copy of the module folder gets help for Complete-OAIUpload shaped as
/// Microsoft.PowerShell.PlatyPS 1.0.1 wrote it (every parameter "Accept pipeline input? false" and
/// "Aliases none", no default values, alphabetical syntax lines, each example's code in its introduction).
/// </summary>
[Collection(HostedCollection.Name)]
public sealed class HelpCheckTests : IDisposable
{
    private static readonly string[] Parameters =
    {
        "AccessToken", "AllowUnencryptedAuthentication", "ApiKey", "ApiType", "BaseUri", "Confirm", "MaxRetries", "Md5", "Organization", "Part", "PartId",
        "Project", "Proxy", "ProxyCredential", "ProxyUseDefaultCredentials", "SkipCertificateCheck", "TimeoutSec", "Upload", "UploadId", "WhatIf",
    };

    private readonly TestFiles _files = new();

    [Fact]
    public void The_help_check_fails_on_pipeline_input_aliases_and_syntax_order_that_differ_from_the_cmdlet()
    {
        var module = CopyModuleWithHelp(MamlAsPlatyPS101Wrote());
        using var session = PowerShellSession.Start(null, _files.Root);

        var result = session.Run("Remove-Module OpenAI.PowerShell; & $args[0] -ModulePath $args[1]", Path.Combine(RepoPaths.Root, "tests", "Help", "Test-ModuleHelp.ps1"), module);

        Assert.True(result.Terminating is not null, "The check passed.");
        Assert.True(result.HostText.Contains("FAIL Complete-OAIUpload", StringComparison.Ordinal), result.Terminating.Exception.Message + "\n" + result.HostText);
        var line = Assert.Single(result.HostText.Split('\n'), l => l.StartsWith("FAIL Complete-OAIUpload:", StringComparison.Ordinal));
        Assert.Contains("-Part shows 'Accept pipeline input? false'; the cmdlet takes true (ByValue)", line, StringComparison.Ordinal);
        Assert.Contains("-UploadId shows 'Accept pipeline input? false'; the cmdlet takes true (ByValue)", line, StringComparison.Ordinal);
        Assert.Contains("-Confirm shows the aliases ''; the cmdlet has 'cf'", line, StringComparison.Ordinal);
        Assert.Contains("-Md5 shows no default value", line, StringComparison.Ordinal);
        Assert.Contains("the syntax of Part lists -AccessToken, -AllowUnencryptedAuthentication, -ApiKey", line, StringComparison.Ordinal);
        Assert.Contains("Get-Command -Syntax lists -Part, -Md5, -ApiKey", line, StringComparison.Ordinal);
        // Examples whose code PlatyPS 1.0 put in the introduction still count as examples that run the cmdlet.
        Assert.DoesNotContain("example(s)", line, StringComparison.Ordinal);
        // The cmdlets without help are named as such.
        Assert.Contains("FAIL Send-OAIFile: Get-Help found no help for it", result.HostText, StringComparison.Ordinal);
    }

    /// <summary>The built module folder, copied, with this MAML as its cmdlet help; returns the psd1.</summary>
    private string CopyModuleWithHelp(string maml)
    {
        var target = Path.Combine(_files.Root, "OpenAI.PowerShell");
        foreach (var file in Directory.GetFiles(RepoPaths.ModuleFolder, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(RepoPaths.ModuleFolder, file);
            if (relative.StartsWith("en-US", StringComparison.Ordinal))
            {
                continue;
            }
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(target, relative))!);
            File.Copy(file, Path.Combine(target, relative));
        }
        Directory.CreateDirectory(Path.Combine(target, "en-US"));
        File.WriteAllText(Path.Combine(target, "en-US", "OpenAI.PowerShell.dll-Help.xml"), maml);
        return Path.Combine(target, "OpenAI.PowerShell.psd1");
    }

    private static string MamlAsPlatyPS101Wrote()
    {
        static string Parameter(string name) => $"""
                <command:parameter required="false" variableLength="false" globbing="false" pipelineInput="false" position="named" aliases="none">
                  <maml:name>{name}</maml:name>
                  <maml:description><maml:para>What -{name} does.</maml:para></maml:description>
                </command:parameter>
            """;
        static string SyntaxItem(params string[] first) =>
            "<command:syntaxItem><maml:name>Complete-OAIUpload</maml:name>"
            + string.Concat(first.Concat(Parameters.Where(p => p is not ("Part" or "Upload" or "UploadId" or "PartId"))).Order(StringComparer.Ordinal).Select(Parameter))
            + "</command:syntaxItem>";
        static string Example(int n, string code) => $"""
                <command:example>
                  <maml:title>--- Example {n} ---</maml:title>
                  <maml:introduction><maml:para>```powershell
            {SecurityElement.Escape(code)}
            ```</maml:para></maml:introduction>
                  <dev:code></dev:code>
                  <dev:remarks><maml:para>What it does.</maml:para></dev:remarks>
                </command:example>
            """;
        return $"""
            <?xml version="1.0" encoding="utf-8"?>
            <helpItems schema="maml" xmlns="http://msh" xmlns:maml="http://schemas.microsoft.com/maml/2004/10" xmlns:command="http://schemas.microsoft.com/maml/dev/command/2004/10" xmlns:dev="http://schemas.microsoft.com/maml/dev/2004/10">
              <command:command>
                <command:details>
                  <command:name>Complete-OAIUpload</command:name>
                  <maml:description><maml:para>Completes an Upload, turning its parts into a File.</maml:para></maml:description>
                  <command:verb>Complete</command:verb>
                  <command:noun>OAIUpload</command:noun>
                </command:details>
                <maml:description><maml:para>Completes uploads.</maml:para></maml:description>
                <command:syntax>{SyntaxItem("Part")}{SyntaxItem("Upload", "PartId")}{SyntaxItem("UploadId", "PartId")}</command:syntax>
                <command:parameters>{string.Concat(Parameters.Select(Parameter))}</command:parameters>
                <command:examples>{Example(1, "$parts | Complete-OAIUpload")}{Example(2, "Complete-OAIUpload -Upload $u")}</command:examples>
              </command:command>
            </helpItems>
            """;
    }

    public void Dispose() => _files.Dispose();
}

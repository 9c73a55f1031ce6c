namespace OpenAI.PowerShell.Tests.Contract;

/// <summary>Prints the contract rows; set OAI_DUMP_CONTRACT=1 to see them when updating the declared table.</summary>
public sealed class ContractDump
{
    [Fact]
    public void Dump_when_asked()
    {
        if (Environment.GetEnvironmentVariable("OAI_DUMP_CONTRACT") != "1")
        {
            return;
        }
        using var metadata = new ModuleMetadata(Path.Combine(RepoPaths.CoreFolder, "OpenAI.PowerShell.dll"));
        var rows = metadata.Cmdlets.OrderBy(ModuleMetadata.CommandName)
            .SelectMany(c => new[] { ModuleMetadata.CmdletRow(c) }.Concat(ModuleMetadata.ParameterRows(c).OrderBy(r => r, StringComparer.Ordinal)));
        File.WriteAllLines(Path.Combine(Path.GetTempPath(), "oai-contract.txt"), rows);
    }
}

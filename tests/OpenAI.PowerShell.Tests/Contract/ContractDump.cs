using System.Text;

namespace OpenAI.PowerShell.Tests.Contract;

/// <summary>Runs only when asked, so it is reported as skipped instead of as a pass that proves nothing.</summary>
public sealed class DumpFactAttribute : FactAttribute
{
    public DumpFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("OAI_DUMP_CONTRACT") != "1")
        {
            Skip = "Set OAI_DUMP_CONTRACT=1 to write a proposed DeclaredContract.cs from the built DLL.";
        }
    }
}

/// <summary>
/// Writes the built DLL's contract as a proposed DeclaredContract.cs to the temp folder. Compare it
/// with the declared one and copy over only the rows a change meant to alter.
/// </summary>
public sealed class ContractDump
{
    private static readonly string[] SharedNames = { "AllowUnencryptedAuthentication", "ApiKey", "BaseUri", "MaxRetries", "Organization", "Project", "TimeoutSec" };

    [DumpFact]
    public void Write_proposed_table()
    {
        using var metadata = new ModuleMetadata(Path.Combine(RepoPaths.CoreFolder, "OpenAI.PowerShell.dll"));
        var cmdlets = metadata.Cmdlets.OrderBy(ModuleMetadata.CommandName, StringComparer.Ordinal).ToList();
        var apiCmdlets = cmdlets.Where(c => c.BaseType?.Name == "OpenAIApiCmdlet").Select(ModuleMetadata.CommandName).ToList();
        bool IsShared(string row) => apiCmdlets.Any(c => SharedNames.Any(n => row.StartsWith($"{c} -{n} ", StringComparison.Ordinal)));

        var rows = cmdlets.SelectMany(c => new[] { ModuleMetadata.CmdletRow(c) }.Concat(ModuleMetadata.ParameterRows(c).OrderBy(r => r, StringComparer.Ordinal))).ToList();
        var shared = rows.Where(r => r.StartsWith(apiCmdlets[0] + " -", StringComparison.Ordinal) && IsShared(r)).Select(r => r.Substring(apiCmdlets[0].Length + 1));

        var text = new StringBuilder()
            .AppendLine("namespace OpenAI.PowerShell.Tests.Contract;").AppendLine()
            .AppendLine("/// <summary>")
            .AppendLine("/// The binding contract as it is meant to be. A change to any cmdlet's parameters, sets, pipeline")
            .AppendLine("/// binding, aliases, validation or output type must be made here too, on purpose.")
            .AppendLine("/// </summary>")
            .AppendLine("public static class DeclaredContract").AppendLine("{")
            .AppendLine("    /// <summary>Every API cmdlet has these, from OpenAIApiCmdlet.</summary>")
            .AppendLine($"    public static readonly string[] ApiCmdlets = {{ {string.Join(", ", apiCmdlets.Select(Quote))} }};").AppendLine()
            .AppendLine("    public static readonly string[] SharedApiParameters =").AppendLine("    {");
        foreach (var row in shared) text.AppendLine($"        {Quote(row)},");
        text.AppendLine("    };").AppendLine().AppendLine("    public static readonly string[] Rows =").AppendLine("    {");
        foreach (var row in rows.Where(r => !IsShared(r))) text.AppendLine($"        {Quote(row)},");
        text.AppendLine("    };").AppendLine()
            .AppendLine("    public static IEnumerable<string> All() =>")
            .AppendLine("        Rows.Concat(ApiCmdlets.SelectMany(cmdlet => SharedApiParameters.Select(p => cmdlet + \" \" + p)));")
            .AppendLine("}");
        File.WriteAllText(Path.Combine(Path.GetTempPath(), "DeclaredContract.proposed.cs"), text.ToString());
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}

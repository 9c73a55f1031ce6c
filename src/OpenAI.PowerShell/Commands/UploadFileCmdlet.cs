using System.Management.Automation;
using OpenAI.PowerShell.Binding;
using OpenAI.PowerShell.Completers;

namespace OpenAI.PowerShell.Commands;

/// <summary>
/// Base of New-OAIUpload and Send-OAIFile: the files an upload is made from and its purpose.
/// Only positional and mandatory parameters live here, since PowerShell lists a base class's
/// parameters after the cmdlet's own and optional ones would move in -Syntax.
/// </summary>
public abstract class UploadFileCmdlet : OpenAIApiCmdlet
{
    internal const string PathSet = "Path";
    internal const string LiteralPathSet = "LiteralPath";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true)]
    [SupportsWildcards]
    [PathInput]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "FullName", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = Array.Empty<string>();

    [Parameter(Mandatory = true, Position = 1)]
    [ArgumentCompleter(typeof(PurposeCompleter))]
    [ValidateNotNullOrEmpty]
    public string Purpose { get; set; } = "";

    /// <summary>The existing files of whichever of -Path and -LiteralPath is bound; each miss is an error record.</summary>
    internal IReadOnlyList<string> ResolvePathParameter() =>
        ResolveFiles(ParameterSetName == PathSet ? Path : LiteralPath, ParameterSetName == LiteralPathSet);
}

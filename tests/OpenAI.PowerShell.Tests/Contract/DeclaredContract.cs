namespace OpenAI.PowerShell.Tests.Contract;

/// <summary>
/// The binding contract as it is meant to be. A change to any cmdlet's parameters, sets, pipeline
/// binding, aliases, validation or output type must be made here too, on purpose.
/// </summary>
public static class DeclaredContract
{
    /// <summary>Every API cmdlet has these, from OpenAIApiCmdlet.</summary>
    public static readonly string[] ApiCmdlets = { "Add-OAIUploadPart", "Complete-OAIUpload", "New-OAIUpload", "Send-OAIFile", "Stop-OAIUpload" };

    public static readonly string[] SharedApiParameters =
    {
        "-AllowUnencryptedAuthentication SwitchParameter set=* mandatory=False position=named pipeline=none alias= checks=",
        "-ApiKey SecureString set=* mandatory=False position=named pipeline=none alias= checks=",
        "-BaseUri Uri set=* mandatory=False position=named pipeline=none alias= checks=",
        "-MaxRetries Int32? set=* mandatory=False position=named pipeline=none alias= checks=ValidateRange(0,10)",
        "-Organization String set=* mandatory=False position=named pipeline=none alias= checks=",
        "-Project String set=* mandatory=False position=named pipeline=none alias= checks=",
        "-TimeoutSec Int32? set=* mandatory=False position=named pipeline=none alias= checks=ValidateRange(1,86400)",
    };

    public static readonly string[] Rows =
    {
        "Add-OAIUploadPart sealed=True output=OpenAI.PowerShell.Model.UploadPart shouldProcess=True impact=Low default=UploadPath",
        "Add-OAIUploadPart -Data Byte[] set=UploadData mandatory=True position=named pipeline=none alias= checks=ValidateNotNullOrEmpty",
        "Add-OAIUploadPart -Data Byte[] set=UploadIdData mandatory=True position=named pipeline=none alias= checks=ValidateNotNullOrEmpty",
        "Add-OAIUploadPart -InputObject Byte[] set=UploadIdStream mandatory=True position=named pipeline=value alias= checks=AllowEmptyCollection",
        "Add-OAIUploadPart -InputObject Byte[] set=UploadStream mandatory=True position=named pipeline=value alias= checks=AllowEmptyCollection",
        "Add-OAIUploadPart -KeepOnFailure SwitchParameter set=* mandatory=False position=named pipeline=none alias= checks=",
        "Add-OAIUploadPart -LiteralPath String[] set=UploadIdLiteralPath mandatory=True position=named pipeline=property alias=PSPath,FullName,LP checks=ValidateNotNullOrEmpty",
        "Add-OAIUploadPart -LiteralPath String[] set=UploadLiteralPath mandatory=True position=named pipeline=property alias=PSPath,FullName,LP checks=ValidateNotNullOrEmpty",
        "Add-OAIUploadPart -PartSize Int64 set=* mandatory=False position=named pipeline=none alias= checks=ValidateRange(1,67108864)",
        "Add-OAIUploadPart -Path String[] set=UploadIdPath mandatory=True position=1 pipeline=none alias= checks=SupportsWildcards;ValidateNotNullOrEmpty",
        "Add-OAIUploadPart -Path String[] set=UploadPath mandatory=True position=1 pipeline=none alias= checks=SupportsWildcards;ValidateNotNullOrEmpty",
        "Add-OAIUploadPart -ThrottleLimit Int32 set=* mandatory=False position=named pipeline=none alias= checks=ValidateRange(1,16)",
        "Add-OAIUploadPart -Upload Upload set=UploadData mandatory=True position=0 pipeline=none alias= checks=ValidateNotNull",
        "Add-OAIUploadPart -Upload Upload set=UploadLiteralPath mandatory=True position=0 pipeline=none alias= checks=ValidateNotNull",
        "Add-OAIUploadPart -Upload Upload set=UploadPath mandatory=True position=0 pipeline=none alias= checks=ValidateNotNull",
        "Add-OAIUploadPart -Upload Upload set=UploadStream mandatory=True position=0 pipeline=none alias= checks=ValidateNotNull",
        "Add-OAIUploadPart -UploadId String set=UploadIdData mandatory=True position=named pipeline=none alias= checks=ValidateNotNullOrEmpty",
        "Add-OAIUploadPart -UploadId String set=UploadIdLiteralPath mandatory=True position=named pipeline=none alias= checks=ValidateNotNullOrEmpty",
        "Add-OAIUploadPart -UploadId String set=UploadIdPath mandatory=True position=named pipeline=none alias= checks=ValidateNotNullOrEmpty",
        "Add-OAIUploadPart -UploadId String set=UploadIdStream mandatory=True position=named pipeline=none alias= checks=ValidateNotNullOrEmpty",
        "Complete-OAIUpload sealed=True output=OpenAI.PowerShell.Model.Upload shouldProcess=True impact=Low default=UploadId",
        "Complete-OAIUpload -Md5 String set=* mandatory=False position=named pipeline=none alias= checks=ValidatePattern(^[0-9a-fA-F]{32}$)",
        "Complete-OAIUpload -Part UploadPart[] set=Part mandatory=True position=named pipeline=value alias= checks=ValidateNotNull",
        "Complete-OAIUpload -PartId String[] set=Upload mandatory=False position=1 pipeline=none alias= checks=ValidateNotNullOrEmpty",
        "Complete-OAIUpload -PartId String[] set=UploadId mandatory=False position=1 pipeline=none alias= checks=ValidateNotNullOrEmpty",
        "Complete-OAIUpload -Upload Upload set=Upload mandatory=True position=0 pipeline=value alias= checks=ValidateNotNull",
        "Complete-OAIUpload -UploadId String set=UploadId mandatory=True position=0 pipeline=value+property alias= checks=ValidateNotNullOrEmpty",
        "Get-OAIContext sealed=True output=OpenAI.PowerShell.Model.ContextInfo shouldProcess=False default=-",
        "New-OAIUpload sealed=True output=OpenAI.PowerShell.Model.Upload shouldProcess=True impact=Low default=Path",
        "New-OAIUpload -Bytes Int64 set=Explicit mandatory=True position=named pipeline=none alias= checks=ValidateRange(1,9223372036854775807)",
        "New-OAIUpload -ExpiresAfter TimeSpan? set=* mandatory=False position=named pipeline=none alias= checks=",
        "New-OAIUpload -FileName String set=Explicit mandatory=True position=named pipeline=none alias= checks=ValidateNotNullOrEmpty",
        "New-OAIUpload -LiteralPath String[] set=LiteralPath mandatory=True position=named pipeline=property alias=PSPath,FullName,LP checks=ValidateNotNullOrEmpty",
        "New-OAIUpload -MimeType String set=* mandatory=False position=named pipeline=none alias= checks=ValidateNotNullOrEmpty",
        "New-OAIUpload -Path String[] set=Path mandatory=True position=0 pipeline=value alias= checks=SupportsWildcards;ValidateNotNullOrEmpty",
        "New-OAIUpload -Purpose String set=* mandatory=True position=named pipeline=none alias= checks=ArgumentCompleter(PurposeCompleter);ValidateNotNullOrEmpty",
        "Send-OAIFile sealed=True output=OpenAI.PowerShell.Model.Upload shouldProcess=True impact=Low default=Path",
        "Send-OAIFile -ExpiresAfter TimeSpan? set=* mandatory=False position=named pipeline=none alias= checks=",
        "Send-OAIFile -KeepOnFailure SwitchParameter set=* mandatory=False position=named pipeline=none alias= checks=",
        "Send-OAIFile -LiteralPath String[] set=LiteralPath mandatory=True position=named pipeline=property alias=PSPath,FullName,LP checks=ValidateNotNullOrEmpty",
        "Send-OAIFile -MimeType String set=* mandatory=False position=named pipeline=none alias= checks=ValidateNotNullOrEmpty",
        "Send-OAIFile -PartSize Int64 set=* mandatory=False position=named pipeline=none alias= checks=ValidateRange(1,67108864)",
        "Send-OAIFile -Path String[] set=Path mandatory=True position=0 pipeline=value alias= checks=SupportsWildcards;ValidateNotNullOrEmpty",
        "Send-OAIFile -Purpose String set=* mandatory=True position=1 pipeline=none alias= checks=ArgumentCompleter(PurposeCompleter);ValidateNotNullOrEmpty",
        "Send-OAIFile -Resume SwitchParameter set=* mandatory=False position=named pipeline=none alias= checks=",
        "Send-OAIFile -SkipChecksum SwitchParameter set=* mandatory=False position=named pipeline=none alias= checks=",
        "Send-OAIFile -StatePath String set=* mandatory=False position=named pipeline=none alias= checks=ValidateNotNullOrEmpty",
        "Send-OAIFile -ThrottleLimit Int32 set=* mandatory=False position=named pipeline=none alias= checks=ValidateRange(1,16)",
        "Set-OAIContext sealed=True output=OpenAI.PowerShell.Model.ContextInfo shouldProcess=True impact=Low default=-",
        "Set-OAIContext -ApiKey SecureString set=* mandatory=False position=named pipeline=none alias= checks=",
        "Set-OAIContext -BaseUri Uri set=* mandatory=False position=named pipeline=none alias= checks=",
        "Set-OAIContext -MaxRetries Int32? set=* mandatory=False position=named pipeline=none alias= checks=ValidateRange(0,10)",
        "Set-OAIContext -Organization String set=* mandatory=False position=named pipeline=none alias= checks=",
        "Set-OAIContext -PassThru SwitchParameter set=* mandatory=False position=named pipeline=none alias= checks=",
        "Set-OAIContext -Project String set=* mandatory=False position=named pipeline=none alias= checks=",
        "Set-OAIContext -Proxy Uri set=* mandatory=False position=named pipeline=none alias= checks=",
        "Set-OAIContext -ProxyCredential PSCredential set=* mandatory=False position=named pipeline=none alias= checks=Credential",
        "Set-OAIContext -Reset SwitchParameter set=* mandatory=False position=named pipeline=none alias= checks=",
        "Set-OAIContext -TimeoutSec Int32? set=* mandatory=False position=named pipeline=none alias= checks=ValidateRange(1,86400)",
        "Stop-OAIUpload sealed=True output=OpenAI.PowerShell.Model.Upload shouldProcess=True impact=Medium default=UploadId",
        "Stop-OAIUpload -Upload Upload[] set=Upload mandatory=True position=0 pipeline=value alias= checks=ValidateNotNull",
        "Stop-OAIUpload -UploadId String[] set=UploadId mandatory=True position=0 pipeline=value+property alias= checks=ValidateNotNullOrEmpty",
    };

    public static IEnumerable<string> All() =>
        Rows.Concat(ApiCmdlets.SelectMany(cmdlet => SharedApiParameters.Select(p => cmdlet + " " + p)));
}

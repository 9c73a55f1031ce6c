@{
    RootModule           = 'OpenAI.PowerShell.psm1'
    # The build writes <Version> from Directory.Build.props here; 0.0.0 only in the repository's copy.
    ModuleVersion        = '0.0.0'
    GUID                 = '5f0b7c84-3a5e-4f0c-9d61-2b8e3c1a7d42'
    Author               = 'OpenAI.PowerShell contributors'
    CompanyName          = 'OpenAI.PowerShell contributors'
    Copyright            = '(c) OpenAI.PowerShell contributors. MIT License.'
    Description          = 'Upload large files to OpenAI through the Uploads API (parallel, resumable, md5-checked) and edit images, with typed objects, -WhatIf and retries.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    DotNetFrameworkVersion = '4.7.2'
    # No HelpInfoURI: Update-Help needs HelpInfo XML and CAB files at a stable URL, which are not
    # published; the help ships in en-US, and each cmdlet's HelpUri (Get-Help -Online) is its doc.
    FormatsToProcess     = @('OpenAI.PowerShell.Format.ps1xml')
    TypesToProcess       = @('OpenAI.PowerShell.Types.ps1xml')
    CmdletsToExport      = @(
        'Add-OAIUploadPart'
        'Complete-OAIUpload'
        'Get-OAIBatch'
        'Get-OAIContext'
        'Get-OAIFile'
        'New-OAIImageEdit'
        'New-OAIUpload'
        'Receive-OAIBatch'
        'Remove-OAIFile'
        'Save-OAIFile'
        'Send-OAIFile'
        'Set-OAIContext'
        'Start-OAIBatch'
        'Stop-OAIBatch'
        'Stop-OAIUpload'
        'Wait-OAIBatch'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('OpenAI', 'OpenAIAPI', 'Uploads', 'Batch', 'MultipartUpload', 'Resumable', 'Files', 'Images', 'ImageEdit', 'gpt-image', 'DALL-E', 'AI', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://github.com/openai-powershell/OpenAI.PowerShell'
            LicenseUri   = 'https://github.com/openai-powershell/OpenAI.PowerShell/blob/main/LICENSE'
            ReleaseNotes = @'
0.1.0
- Send-OAIFile: one call that creates an upload, sends parts in parallel with progress, checks the md5 and completes it; -Resume after a failure or Ctrl+C.
- The Uploads lifecycle: New-OAIUpload, Add-OAIUploadPart, Complete-OAIUpload and Stop-OAIUpload (which, like other Stop-* cmdlets, writes only with -PassThru).
- Batches: Start-OAIBatch (from a File, JSONL files split into linked batches over 50,000 requests or 200 MiB, or piped request objects), Get-OAIBatch (by id, or listed with -Status), Wait-OAIBatch (adaptive polling, a progress bar per batch, -Timeout; Ctrl+C ends only the wait), Receive-OAIBatch (one result per request, streamed; -Destination, -Remove) and Stop-OAIBatch (-PassThru).
- New-OAIImageEdit with gpt-image-2 by default (always sent) and the other GPT image models: checked per model before sending, a warning for a model OpenAI has shut down, saved safely with -OutFile/-OutDirectory, or kept in memory (Bytes, Save()).
- Files: Get-OAIFile reads Files by id or lists them newest first (-Purpose, a -Name wildcard), page by page, asking for no more pages than the pipeline wants; Save-OAIFile downloads them to a folder or a file through a temp file, fetches a cut-off body again and never overwrites without -Force; Remove-OAIFile deletes them (-WhatIf, -Confirm).
- Set-OAIContext and Get-OAIContext: one setting is cleared with $null or ''; -AllowUnencryptedAuthentication for an internal http gateway.
- Every API cmdlet takes -Proxy, -ProxyCredential, -ProxyUseDefaultCredentials and -SkipCertificateCheck, as Invoke-RestMethod does.
- Tab completion of upload ids, File ids, purposes, image models and the sizes, qualities and backgrounds of the model typed.
'@
        }
    }
}

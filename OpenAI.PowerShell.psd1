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
    # The help folder online, from ProjectUri; each cmdlet's HelpUri (Get-Help -Online) is a file in it.
    HelpInfoURI          = 'https://github.com/openai-powershell/OpenAI.PowerShell/tree/main/docs/en-US'
    FormatsToProcess     = @('OpenAI.PowerShell.Format.ps1xml')
    TypesToProcess       = @('OpenAI.PowerShell.Types.ps1xml')
    CmdletsToExport      = @(
        'Add-OAIUploadPart'
        'Complete-OAIUpload'
        'Get-OAIContext'
        'New-OAIImageEdit'
        'New-OAIUpload'
        'Send-OAIFile'
        'Set-OAIContext'
        'Stop-OAIUpload'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('OpenAI', 'Uploads', 'Files', 'Images', 'ImageEdit', 'AI', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://github.com/openai-powershell/OpenAI.PowerShell'
            LicenseUri   = 'https://github.com/openai-powershell/OpenAI.PowerShell/blob/main/LICENSE'
            ReleaseNotes = 'Uploads lifecycle: New-OAIUpload, Add-OAIUploadPart, Complete-OAIUpload, Stop-OAIUpload; Set-OAIContext and Get-OAIContext.'
        }
    }
}

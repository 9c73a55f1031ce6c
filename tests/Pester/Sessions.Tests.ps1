#Requires -Version 5.1
# Pester 5: the module's objects carried between sessions - a new process and a thread job.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Emulator.ps1')
    $Module = Import-OAITestModule
    $Emulator = Start-OAITestEmulator
    $Conn = @{ BaseUri = $Emulator.BaseUri; ApiKey = $Emulator.SecureKey }
    $Work = Join-Path ([System.IO.Path]::GetTempPath()) ('oai-pester-' + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $Work | Out-Null

    function Invoke-NewSession([string]$Script) {
        # A fresh process of the running PowerShell: nothing of this session's state comes along.
        Invoke-OAIChildPowerShell -EncodedCommand ([Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($Script)))
    }
}

AfterAll {
    Stop-OAITestEmulator -Emulator $Emulator
    if ($Work -and (Test-Path -LiteralPath $Work)) {
        Remove-Item -LiteralPath $Work -Recurse -Force -ErrorAction SilentlyContinue
    }
}

Describe 'Objects that leave the session' {
    It 'completes from parts exported with Export-Clixml, in a new process' {
        $file = New-OAITestFile -Path (Join-Path $Work 'clixml.jsonl') -Bytes 2500000
        $upload = New-OAIUpload -LiteralPath $file.FullName -Purpose batch @Conn
        $parts = Join-Path $Work 'parts.xml'
        Add-OAIUploadPart -Upload $upload -LiteralPath $file.FullName -PartSize 1MB @Conn | Export-Clixml -LiteralPath $parts
        $result = Join-Path $Work 'completed.xml'

        Invoke-NewSession @"
`$ErrorActionPreference = 'Stop'
Import-Module '$($Module.Path -replace "'", "''")'
Set-OAIContext -BaseUri '$($Emulator.BaseUri)' -ApiKey (ConvertTo-SecureString '$($Emulator.ApiKey)' -AsPlainText -Force)
Import-Clixml -LiteralPath '$parts' | Sort-Object { Get-Random } | Complete-OAIUpload | Export-Clixml -LiteralPath '$result'
"@
        $LASTEXITCODE | Should -Be 0
        $completed = Import-Clixml -LiteralPath $result
        $completed.Id | Should -Be $upload.Id
        $completed.Status | Should -Be 'completed'
        $completed.Bytes | Should -Be 2500000
    }

    It 'completes from parts a thread job returned' -Skip:(-not (Get-Command Start-ThreadJob -ErrorAction SilentlyContinue)) {
        $file = New-OAITestFile -Path (Join-Path $Work 'job.jsonl') -Bytes 2100000
        $upload = New-OAIUpload -LiteralPath $file.FullName -Purpose batch @Conn
        $job = Start-ThreadJob -ArgumentList $Module.Path, $upload, $file.FullName, $Conn -ScriptBlock {
            param($modulePath, $upload, $path, $conn)
            Import-Module $modulePath
            Add-OAIUploadPart -Upload $upload -LiteralPath $path -PartSize 1MB @conn
        }
        $completed = Receive-Job -Job $job -Wait -AutoRemoveJob | Complete-OAIUpload @Conn
        $completed.Status | Should -Be 'completed'
        $completed.Bytes | Should -Be 2100000
    }

    It 'keeps Set-OAIContext to its own runspace: a thread job in the same process starts without it' -Skip:(-not (Get-Command Start-ThreadJob -ErrorAction SilentlyContinue)) {
        Set-OAIContext -BaseUri $Emulator.BaseUri -ApiKey $Emulator.SecureKey
        try {
            (Get-OAIContext).ApiKeySource | Should -Be 'Context'
            $job = Start-ThreadJob -ArgumentList $Module.Path -ScriptBlock {
                param($modulePath)
                Import-Module $modulePath
                Get-OAIContext
            }
            $other = Receive-Job -Job $job -Wait -AutoRemoveJob
            # What Set-OAIContext's notes promise: the settings belong to one runspace.
            $other.ApiKeySource | Should -Not -Be 'Context'
            "$($other.BaseUri)" | Should -Not -Be "$($Emulator.BaseUri)"
        }
        finally { Set-OAIContext -Reset }
    }
}

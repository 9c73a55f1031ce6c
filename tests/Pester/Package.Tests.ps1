#Requires -Version 5.1
# Pester 5: the package installs and works. build.ps1 -Task Package packs the built module folder into a
# .nupkg; PSResourceGet saves it from a local file repository into a temporary module folder; a fresh
# PowerShell process imports it by name from there and sends a file to the emulator.
#
# The real Package task refuses a module without its cmdlet help, which needs PlatyPS from the PowerShell
# Gallery. Where that help could not be built (this machine), the package is built with -AllowMissingHelp,
# which only this test uses, and the test prints that it did so; everything else is checked the same.

BeforeDiscovery {
    # PSResourceGet ships with PowerShell 7.4 and later; Windows PowerShell 5.1 has none.
    $NoPSResourceGet = -not (Get-Command Save-PSResource -ErrorAction SilentlyContinue)
    $root = Split-Path -Parent (Split-Path -Parent $PSScriptRoot)
    $HelpBuilt = Test-Path -LiteralPath (Join-Path $root 'out/OpenAI.PowerShell/en-US/OpenAI.PowerShell.dll-Help.xml')
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Emulator.ps1')
    $Root = Get-OAITestRepoRoot
    $ModuleDir = Join-Path $Root 'out/OpenAI.PowerShell'
    $Work = Join-Path ([System.IO.Path]::GetTempPath()) ('oai-package-' + [guid]::NewGuid().ToString('N'))
    $Feed = Join-Path $Work 'feed'
    $Modules = Join-Path $Work 'modules'
    New-Item -ItemType Directory -Path $Feed, $Modules -Force | Out-Null
    $RepoName = 'OpenAI.PowerShell.PackageTest.' + [guid]::NewGuid().ToString('N').Substring(0, 8)

    function Invoke-Pwsh([string[]]$Arguments) {
        # The running PowerShell 7 in a fresh process (see Invoke-NewSession in Sessions.Tests.ps1).
        $dll = Join-Path $PSHOME 'pwsh.dll'
        if (Test-Path -LiteralPath $dll) { & dotnet $dll -NoProfile -NonInteractive @Arguments }
        else { & (Join-Path $PSHOME 'pwsh') -NoProfile -NonInteractive @Arguments }
    }
}

AfterAll {
    if (Get-Command Get-PSResourceRepository -ErrorAction SilentlyContinue) {
        if (Get-PSResourceRepository -Name $RepoName -ErrorAction SilentlyContinue) { Unregister-PSResourceRepository -Name $RepoName }
    }
    if ($Work -and (Test-Path -LiteralPath $Work)) { Remove-Item -LiteralPath $Work -Recurse -Force -ErrorAction SilentlyContinue }
}

Describe 'The package' -Skip:$NoPSResourceGet {
    It 'is built from the module folder by build.ps1 -Task Package' {
        $arguments = @('-File', (Join-Path $Root 'build.ps1'), '-Task', 'Package', '-PackagePath', $Feed)
        if ($env:OAI_CONFIGURATION) { $arguments += @('-Configuration', $env:OAI_CONFIGURATION) }
        $maml = Join-Path $ModuleDir 'en-US/OpenAI.PowerShell.dll-Help.xml'
        if (-not (Test-Path -LiteralPath $maml)) {
            Write-Host "Package test: the module folder has no cmdlet help ($maml; PlatyPS cannot be installed here), so the package is built with -AllowMissingHelp."
            $arguments += '-AllowMissingHelp'
        }
        Invoke-Pwsh $arguments | Out-Host
        $LASTEXITCODE | Should -Be 0
        $script:Package = Get-ChildItem -LiteralPath $Feed -Filter 'OpenAI.PowerShell.*.nupkg' | Select-Object -First 1
        $Package | Should -Not -BeNullOrEmpty

        # What the package holds, read from the .nupkg (a zip).
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [System.IO.Compression.ZipFile]::OpenRead($Package.FullName)
        try { $entries = @($zip.Entries | ForEach-Object { [uri]::UnescapeDataString($_.FullName) -replace '\\', '/' }) }
        finally { $zip.Dispose() }
        foreach ($file in @('OpenAI.PowerShell.psd1', 'OpenAI.PowerShell.psm1', 'core/OpenAI.PowerShell.dll', 'desktop/OpenAI.PowerShell.dll', 'en-US/about_OpenAI.PowerShell.help.txt')) {
            $entries | Should -Contain $file
        }
        if (Test-Path -LiteralPath $maml) { $entries | Should -Contain 'en-US/OpenAI.PowerShell.dll-Help.xml' }
    }

    It 'refuses to package without the cmdlet help, unless -AllowMissingHelp is given' -Skip:$HelpBuilt {
        $refused = Join-Path $Work 'refused'
        $output = Invoke-Pwsh @('-File', (Join-Path $Root 'build.ps1'), '-Task', 'Package', '-PackagePath', $refused) 2>&1 | Out-String
        $LASTEXITCODE | Should -Not -Be 0
        $output | Should -Match 'Cmdlet help NOT built: Microsoft\.PowerShell\.PlatyPS'
        $output | Should -Match 'Refusing to package'
        @(Get-ChildItem -LiteralPath $refused -Filter '*.nupkg' -ErrorAction SilentlyContinue).Count | Should -Be 0
    }

    It 'installs with PSResourceGet into a temporary module folder and sends a file from a fresh process' {
        $Package | Should -Not -BeNullOrEmpty -Because 'the first test built it'
        $before = @(Get-PSResourceRepository | ForEach-Object Name)
        Register-PSResourceRepository -Name $RepoName -Uri $Feed -Trusted
        try {
            Save-PSResource -Name OpenAI.PowerShell -Repository $RepoName -Path $Modules -TrustRepository -SkipDependencyCheck
        }
        finally { Unregister-PSResourceRepository -Name $RepoName }
        @(Get-PSResourceRepository | ForEach-Object Name) | Should -Be $before
        $manifest = Get-ChildItem -LiteralPath (Join-Path $Modules 'OpenAI.PowerShell') -Filter 'OpenAI.PowerShell.psd1' -Recurse | Select-Object -First 1
        $manifest | Should -Not -BeNullOrEmpty

        $emulator = Start-OAITestEmulator
        try {
            $file = New-OAITestFile -Path (Join-Path $Work 'upload.jsonl') -Bytes 3000000
            $result = Join-Path $Work 'result.xml'
            # Import by name from the temporary folder only: the module comes from the package, not out/.
            $script = @"
`$ErrorActionPreference = 'Stop'
`$ProgressPreference = 'SilentlyContinue'
`$env:PSModulePath = '$($Modules -replace "'", "''")' + [System.IO.Path]::PathSeparator + `$env:PSModulePath
Import-Module OpenAI.PowerShell
`$module = Get-Module OpenAI.PowerShell
`$key = ConvertTo-SecureString '$($emulator.ApiKey)' -AsPlainText -Force
`$done = Send-OAIFile -LiteralPath '$($file.FullName -replace "'", "''")' -Purpose batch -PartSize 1MB -BaseUri '$($emulator.BaseUri)' -ApiKey `$key -StatePath '$((Join-Path $Work 'upload.state.json') -replace "'", "''")'
[pscustomobject]@{
    ModuleBase = `$module.ModuleBase
    Status     = `$done.Status
    Bytes      = `$done.Bytes
    FileBytes  = `$done.File.Bytes
    HelpUri    = (Get-Command Send-OAIFile).HelpUri
    About      = (Get-Help about_OpenAI.PowerShell | Out-String)
} | Export-Clixml -LiteralPath '$($result -replace "'", "''")'
"@
            $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($script))
            Invoke-Pwsh @('-EncodedCommand', $encoded) | Out-Host
            $LASTEXITCODE | Should -Be 0
        }
        finally { Stop-OAITestEmulator -Emulator $emulator }

        $seen = Import-Clixml -LiteralPath $result
        $seen.ModuleBase | Should -BeLike "$Modules*"
        $seen.Status | Should -Be 'completed'
        $seen.Bytes | Should -Be 3000000
        $seen.FileBytes | Should -Be 3000000
        $seen.HelpUri | Should -Be 'https://github.com/openai-powershell/OpenAI.PowerShell/blob/main/docs/en-US/Send-OAIFile.md'
        $seen.About | Should -Match 'SHORT DESCRIPTION'
    }
}

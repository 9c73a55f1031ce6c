#Requires -Version 5.1
<#
.SYNOPSIS
Builds, tests, documents, packages and demonstrates the OpenAI.PowerShell module.

.DESCRIPTION
Tasks run in this order, whatever order they are given in:
  Build    dotnet build OpenAI.PowerShell.sln; lays out the module folder out/OpenAI.PowerShell
  Docs     PlatyPS: docs/en-US/*.md -> MAML and about_*.help.txt in out/help/en-US, copied into the module
  Test     dotnet test (the xunit suites), then Pester (tests/Pester) against the module folder and the emulator
  Package  publishes the module folder to a local file repository: out/repo/OpenAI.PowerShell.<version>.nupkg
  Publish  publishes the module folder to the PowerShell Gallery with $env:PSGALLERY_API_KEY
  Demo     starts the emulator, uploads a generated 10 MB file in 4 MB parts, completes it and prints the result

With no -Task it runs Build and Demo. Works in PowerShell 7+ and Windows PowerShell 5.1.
Pester and the Demo run in a child PowerShell process, so this session never loads the module and
a later build can overwrite its DLLs.

.EXAMPLE
./build.ps1
Builds the module and runs the demo against the emulator.

.EXAMPLE
./build.ps1 -Task Test
Runs dotnet test and the Pester suites.

.EXAMPLE
./build.ps1 -Task Build, Docs, Package -Configuration Release
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Docs', 'Package', 'Publish', 'Demo')]
    [string[]]$Task = @('Build', 'Demo'),

    [string]$Configuration = 'Release',

    # Test: run only the Pester suites (CI runs dotnet test as its own step).
    [switch]$PesterOnly,

    # Demo: the size of the generated file, and the part size.
    [long]$DemoBytes = 10MB,
    [long]$DemoPartSize = 4MB
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$Root = $PSScriptRoot
$Out = Join-Path $Root 'out'
$ModuleDir = Join-Path $Out 'OpenAI.PowerShell'
$ModuleManifest = Join-Path $ModuleDir 'OpenAI.PowerShell.psd1'
$RepoName = 'OpenAI.PowerShell.Local'

function Invoke-Native {
    # Runs a native command and stops the build when it fails.
    param([Parameter(Mandatory)][string]$FilePath, [string[]]$ArgumentList = @())
    Write-Host "> $FilePath $($ArgumentList -join ' ')" -ForegroundColor Cyan
    & $FilePath @ArgumentList
    if ($LASTEXITCODE -ne 0) { throw "'$FilePath $($ArgumentList -join ' ')' failed with exit code $LASTEXITCODE." }
}

function Get-PowerShellPath {
    # The executable of the running edition: pwsh for 7+, powershell.exe for 5.1 (also from another host).
    $path = (Get-Process -Id $PID).Path
    if ($path -and @('pwsh', 'powershell') -contains [System.IO.Path]::GetFileNameWithoutExtension($path)) { return $path }
    if ($PSVersionTable.PSEdition -eq 'Core') { 'pwsh' } else { 'powershell' }
}

function Invoke-ChildPowerShell {
    # Runs a script text in a fresh process of the same PowerShell, and fails when it fails.
    param([Parameter(Mandatory)][string]$Script)
    $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($Script))
    & (Get-PowerShellPath) -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand $encoded
    if ($LASTEXITCODE -ne 0) { throw "The child PowerShell process failed with exit code $LASTEXITCODE." }
}

function Install-RequiredModule {
    param([Parameter(Mandatory)][string]$Name, [version]$MinimumVersion = '0.0')
    if (-not (Get-Module -ListAvailable -Name $Name | Where-Object { $_.Version -ge $MinimumVersion })) {
        Write-Host "Installing $Name for the current user..."
        if ($PSVersionTable.PSEdition -ne 'Core') {
            [Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls12
        }
        Install-Module -Name $Name -MinimumVersion $MinimumVersion -Scope CurrentUser -Force -AllowClobber
    }
    Import-Module -Name $Name -MinimumVersion $MinimumVersion -Force
}

function Assert-ModuleFolder {
    if (-not (Test-Path -LiteralPath $ModuleManifest)) {
        throw "The module folder $ModuleDir is missing. Run ./build.ps1 -Task Build first."
    }
}

function Invoke-BuildTask {
    Invoke-Native dotnet @('build', (Join-Path $Root 'OpenAI.PowerShell.sln'), '-c', $Configuration, '--nologo')
    Assert-ModuleFolder
    Write-Host "Module folder: $ModuleDir"
}

function Invoke-DocsTask {
    Install-RequiredModule -Name platyPS -MinimumVersion '0.14.0'
    $helpOut = Join-Path $Out 'help/en-US'
    New-ExternalHelp -Path (Join-Path $Root 'docs/en-US') -OutputPath $helpOut -Force | Out-Null
    Assert-ModuleFolder
    # The root en-US holds the about topic; the cmdlet help is also placed next to each build's DLL,
    # because PowerShell looks for a binary module's help under the folder the DLL was loaded from.
    foreach ($target in @('en-US', 'core/en-US', 'desktop/en-US')) {
        $destination = Join-Path $ModuleDir $target
        New-Item -ItemType Directory -Path $destination -Force | Out-Null
        Copy-Item -Path (Join-Path $helpOut '*') -Destination $destination -Force
    }
    Get-ChildItem -LiteralPath $helpOut | ForEach-Object { Write-Host "Help: $($_.Name)" }
}

function Invoke-TestTask {
    if (-not $PesterOnly) {
        # The README's test command.
        Push-Location $Root
        try { Invoke-Native dotnet @('test') } finally { Pop-Location }
    }
    Assert-ModuleFolder
    $runner = Join-Path $Root 'tests/Pester/Run.ps1'
    & (Get-PowerShellPath) -NoProfile -NonInteractive -ExecutionPolicy Bypass -File $runner
    if ($LASTEXITCODE -ne 0) { throw "Pester failed (exit code $LASTEXITCODE)." }
}

function Invoke-PackageTask {
    Assert-ModuleFolder
    $repo = Join-Path $Out 'repo'
    New-Item -ItemType Directory -Path $repo -Force | Out-Null
    Get-ChildItem -LiteralPath $repo -Filter 'OpenAI.PowerShell.*.nupkg' | Remove-Item -Force
    if (Get-Command Publish-PSResource -ErrorAction SilentlyContinue) {
        # PSResourceGet (ships with PowerShell 7.4).
        if (Get-PSResourceRepository -Name $RepoName -ErrorAction SilentlyContinue) { Unregister-PSResourceRepository -Name $RepoName }
        Register-PSResourceRepository -Name $RepoName -Uri $repo -Trusted
        try { Publish-PSResource -Path $ModuleDir -Repository $RepoName }
        finally { Unregister-PSResourceRepository -Name $RepoName }
    }
    else {
        # PowerShellGet 2 (Windows PowerShell 5.1).
        if (Get-PSRepository -Name $RepoName -ErrorAction SilentlyContinue) { Unregister-PSRepository -Name $RepoName }
        Register-PSRepository -Name $RepoName -SourceLocation $repo -PublishLocation $repo -InstallationPolicy Trusted
        try { Publish-Module -Path $ModuleDir -Repository $RepoName -Force }
        finally { Unregister-PSRepository -Name $RepoName }
    }
    $package = Get-ChildItem -LiteralPath $repo -Filter 'OpenAI.PowerShell.*.nupkg' | Select-Object -First 1
    if (-not $package) { throw "No .nupkg was written to $repo." }
    Write-Host "Package: $($package.FullName)"
}

function Invoke-PublishTask {
    Assert-ModuleFolder
    if ([string]::IsNullOrWhiteSpace($env:PSGALLERY_API_KEY)) {
        throw 'Set the PSGALLERY_API_KEY environment variable to publish to the PowerShell Gallery.'
    }
    Write-Host "Publishing $ModuleDir to the PowerShell Gallery..."
    # The key goes straight from the environment to the cmdlet: it is never printed.
    if (Get-Command Publish-PSResource -ErrorAction SilentlyContinue) {
        Publish-PSResource -Path $ModuleDir -Repository PSGallery -ApiKey $env:PSGALLERY_API_KEY
    }
    else {
        Publish-Module -Path $ModuleDir -Repository PSGallery -NuGetApiKey $env:PSGALLERY_API_KEY -Force
    }
    Write-Host 'Published.'
}

function Invoke-DemoTask {
    Assert-ModuleFolder
    $quote = { param($s) "'" + ($s -replace "'", "''") + "'" }
    $demo = @"
`$ErrorActionPreference = 'Stop'
`$env:OAI_CONFIGURATION = $(& $quote $Configuration)
. $(& $quote (Join-Path $Root 'tests/Pester/Emulator.ps1'))
Import-Module $(& $quote $ModuleManifest) -ErrorAction Stop
`$emulator = Start-OAITestEmulator -ApiKey 'sk-demo'
`$file = Join-Path ([System.IO.Path]::GetTempPath()) ('oai-demo-' + [guid]::NewGuid().ToString('N') + '.jsonl')
try {
    Write-Host "Emulator listening on `$(`$emulator.BaseUri)"
    `$conn = @{ BaseUri = `$emulator.BaseUri; ApiKey = (ConvertTo-SecureString 'sk-demo' -AsPlainText -Force) }
    New-OAITestFile -Path `$file -Bytes $DemoBytes | Out-Null
    Write-Host "Created `$file ($DemoBytes bytes)"

    `$upload = New-OAIUpload -Path `$file -Purpose batch @conn
    Write-Host 'New-OAIUpload:'; `$upload | Format-Table | Out-Host

    `$parts = Add-OAIUploadPart -Upload `$upload -Path `$file -PartSize $DemoPartSize @conn
    Write-Host 'Add-OAIUploadPart:'; `$parts | Sort-Object PartNumber | Format-Table | Out-Host

    `$done = Complete-OAIUpload -Upload `$upload @conn -Verbose
    Write-Host 'Complete-OAIUpload:'; `$done | Format-List | Out-Host
    `$done.File | Format-List | Out-Host
    if (`$done.Status -ne 'completed' -or `$done.File.Bytes -ne $DemoBytes) { throw 'The demo upload did not complete with every byte.' }
}
finally {
    Stop-OAITestEmulator -Emulator `$emulator
    Remove-Item -LiteralPath `$file -Force -ErrorAction SilentlyContinue
}
"@
    Invoke-ChildPowerShell -Script $demo
}

$order = @('Build', 'Docs', 'Test', 'Package', 'Publish', 'Demo')
foreach ($name in $order | Where-Object { $Task -contains $_ }) {
    Write-Host "=== $name ($Configuration) ===" -ForegroundColor Green
    & "Invoke-$($name)Task"
}
Write-Host "Done: $(($order | Where-Object { $Task -contains $_ }) -join ', ')" -ForegroundColor Green

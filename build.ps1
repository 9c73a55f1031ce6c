#Requires -Version 5.1
<#
.SYNOPSIS
Builds, tests, documents, packages and demonstrates the OpenAI.PowerShell module.

.DESCRIPTION
Tasks run in this order, whatever order they are given in:
  Build    dotnet build OpenAI.PowerShell.sln; lays out the module folder out/OpenAI.PowerShell
  Docs     docs/en-US -> out/help/en-US, copied into the module folder's en-US, where Get-Help finds them:
           the cmdlets' MAML (OpenAI.PowerShell.dll-Help.xml) with Microsoft.PowerShell.PlatyPS, and
           about_OpenAI.PowerShell.help.txt. Says in one line when PlatyPS cannot be installed.
  Test     dotnet test (the xunit suites; TRX in TestResults/), then Pester (tests/Pester, the version pinned in
           tests/Pester/PesterTools.proj, from NuGet) against the module folder and the emulator; both always
           run, and the last line is "N passed, N failed" for the two together. Exits 1 on any failure.
  Package  builds the help (Docs), then publishes the module folder to a local file repository:
           out/repo/OpenAI.PowerShell.<version>.nupkg. Refuses when the help is missing.
  Publish  publishes the module folder to the PowerShell Gallery with $env:PSGALLERY_API_KEY; refuses
           when the help is missing
  Demo     starts the emulator, uploads a generated 10 MiB file in 4 MiB parts, completes it and prints the result
  LiveTest the live tier (tests/Live): a few real calls to the API, costing cents, with $env:OPENAI_API_KEY (and
           $env:OPENAI_BASE_URL when set), and a check of the image models the module knows against GET /models.
           Without a key it says so in one line and calls nothing. Never part of Test.

With no -Task it runs Build and Demo. Works in PowerShell 7+ and Windows PowerShell 5.1.
With only the .NET SDK: `dotnet tool restore` once, then `dotnet pwsh ./build.ps1` (PowerShell 7.6.9,
pinned in dotnet-tools.json). With pwsh installed: `pwsh ./build.ps1`.
Pester and the Demo run in a child PowerShell process, so this session never loads the module and
a later build can overwrite its DLLs.

.EXAMPLE
./build.ps1
Builds the module and runs the demo against the emulator.

.EXAMPLE
./build.ps1 -Task Test
Runs dotnet test and the Pester suites and ends with one line "N passed, N failed".

.EXAMPLE
./build.ps1 -Task Build, Package -Configuration Release
Builds the module, its help and out/repo/OpenAI.PowerShell.<version>.nupkg.
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Docs', 'Package', 'Publish', 'Demo', 'LiveTest')]
    [string[]]$Task = @('Build', 'Demo'),

    [string]$Configuration = 'Release',

    # Test: run only the Pester suites (the GitHub workflow runs dotnet test as its own step).
    [switch]$PesterOnly,

    # Package: the folder for the .nupkg (out/repo by default).
    [string]$PackagePath,

    # Package: package even when the cmdlet help could not be built, and say so. Only for
    # tests/Pester/Package.Tests.ps1 on a machine where PlatyPS cannot be installed; such a package
    # must never be published (Publish has no such switch).
    [switch]$AllowMissingHelp,

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

# The Docs task and the help checks of Package and Publish: docs/Build-Help.ps1.
. (Join-Path $Root 'docs/Build-Help.ps1')

function Invoke-Native {
    # Runs a native command and stops the build when it fails.
    param([Parameter(Mandatory)][string]$FilePath, [string[]]$ArgumentList = @())
    Write-Host "> $FilePath $($ArgumentList -join ' ')" -ForegroundColor Cyan
    & $FilePath @ArgumentList
    if ($LASTEXITCODE -ne 0) { throw "'$FilePath $($ArgumentList -join ' ')' failed with exit code $LASTEXITCODE." }
}

function Get-PowerShellCommand {
    # The command that starts the running edition again: pwsh for 7+, powershell.exe for 5.1 (also from
    # another host), and `dotnet <PSHOME>/pwsh.dll` under `dotnet pwsh`, the local tool in dotnet-tools.json,
    # whose process is dotnet and which puts no pwsh on PATH. Returns the executable, then its first arguments.
    $path = (Get-Process -Id $PID).Path
    $name = if ($path) { [System.IO.Path]::GetFileNameWithoutExtension($path) } else { '' }
    if (@('pwsh', 'powershell') -contains $name) { return , @($path) }
    if ($PSVersionTable.PSEdition -eq 'Core') {
        $dll = Join-Path $PSHOME 'pwsh.dll'
        if ($name -eq 'dotnet' -and (Test-Path -LiteralPath $dll)) { return , @($path, $dll) }
        return , @('pwsh')
    }
    , @('powershell')
}

function Invoke-PowerShell {
    # Runs the running edition of PowerShell in a child process with these arguments; the exit code is in
    # $LASTEXITCODE. Callers must not capture the output: captured, the child writes its streams as CLIXML.
    param([string[]]$ArgumentList = @())
    $command = Get-PowerShellCommand
    $arguments = @($command | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-OutputFormat', 'Text') + $ArgumentList
    & $command[0] @arguments
}

function Invoke-ChildPowerShell {
    # Runs a script text in a fresh process of the same PowerShell, and fails when it fails.
    param([Parameter(Mandatory)][string]$Script)
    $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($Script))
    Invoke-PowerShell -ArgumentList @('-EncodedCommand', $encoded)
    $code = $LASTEXITCODE
    if ($code -ne 0) { throw "The child PowerShell process failed with exit code $code." }
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

function Get-TrxCounts {
    # Adds up the <Counters> of every TRX file in a folder: passed, and failed (failed, error, timeout, aborted).
    param([Parameter(Mandatory)][string]$Folder)
    $counts = @{ Passed = 0; Failed = 0; Files = 0 }
    foreach ($trx in @(Get-ChildItem -LiteralPath $Folder -Filter '*.trx' -File -ErrorAction SilentlyContinue)) {
        $counters = ([xml](Get-Content -LiteralPath $trx.FullName -Raw)).TestRun.ResultSummary.Counters
        $counts.Files++
        $counts.Passed += [int]$counters.passed
        foreach ($name in @('failed', 'error', 'timeout', 'aborted')) {
            if ($counters.$name) { $counts.Failed += [int]$counters.$name }
        }
    }
    $counts
}

function Invoke-TestTask {
    # dotnet test, then Pester; both always run, and one closing line adds them up.
    $passed = 0
    $failed = 0
    $problems = New-Object System.Collections.Generic.List[string]

    if (-not $PesterOnly) {
        # The README's test command, with a TRX logger so the counts can be read back. -m:1 runs the
        # test assemblies one after another: the engine's Ctrl+C and clean-up deadlines are timed,
        # and must not share two cores with the hosted suite's runspaces.
        $trxFolder = Join-Path $Root 'TestResults'
        Get-ChildItem -LiteralPath $trxFolder -Filter '*.trx' -File -ErrorAction SilentlyContinue | Remove-Item -Force
        $arguments = @('test', (Join-Path $Root 'OpenAI.PowerShell.sln'), '-c', $Configuration, '--nologo', '-m:1', '--logger', 'trx', '--results-directory', $trxFolder)
        Write-Host "> dotnet $($arguments -join ' ')" -ForegroundColor Cyan
        & dotnet @arguments
        $code = $LASTEXITCODE
        $trx = Get-TrxCounts -Folder $trxFolder
        $passed += $trx.Passed
        $failed += $trx.Failed
        Write-Host "dotnet test: $($trx.Passed) passed, $($trx.Failed) failed ($($trx.Files) TRX file(s) in $trxFolder)"
        if ($code -ne 0 -and $trx.Failed -eq 0) {
            # A build error or a crashed test host fails no test, so it counts as one failure.
            $failed++
            $problems.Add("dotnet test exited with code $code.")
        }
    }

    if (Test-Path -LiteralPath $ModuleManifest) {
        # Pester in a child process, so this session never loads the module.
        $summaryPath = Join-Path $Out 'test-results/pester-summary.json'
        Remove-Item -LiteralPath $summaryPath -Force -ErrorAction SilentlyContinue
        $env:OAI_CONFIGURATION = $Configuration
        Invoke-PowerShell -ArgumentList @('-File', (Join-Path $Root 'tests/Pester/Run.ps1'))
        $code = $LASTEXITCODE
        if (Test-Path -LiteralPath $summaryPath) {
            $pester = Get-Content -LiteralPath $summaryPath -Raw | ConvertFrom-Json
            $passed += [int]$pester.passed
            $failed += [int]$pester.failed
        }
        else {
            $failed++
            $problems.Add("Pester did not run (tests/Pester/Run.ps1 exited with code $code before writing its counts).")
        }
    }
    else {
        $failed++
        $problems.Add("Pester did not run: the module folder $ModuleDir is missing (the build failed?).")
    }

    foreach ($problem in $problems) { Write-Host $problem -ForegroundColor Red }
    if ($failed -gt 0 -or $passed -eq 0) {
        if ($passed -eq 0) { Write-Host 'No test passed: nothing ran.' -ForegroundColor Red }
        Write-Host "$passed passed, $failed failed"
        exit 1
    }
    $script:TestSummary = "$passed passed, $failed failed"
}

function Invoke-LiveTestTask {
    if ([string]::IsNullOrWhiteSpace($env:OPENAI_API_KEY)) {
        Write-Host 'LiveTest skipped: OPENAI_API_KEY is not set, so no call was made to the API.'
        return
    }
    Assert-ModuleFolder
    $summaryPath = Join-Path $Out 'test-results/live-summary.json'
    Remove-Item -LiteralPath $summaryPath -Force -ErrorAction SilentlyContinue
    $env:OAI_CONFIGURATION = $Configuration
    Invoke-PowerShell -ArgumentList @('-File', (Join-Path $Root 'tests/Pester/Run.ps1'), '-Path', (Join-Path $Root 'tests/Live'), '-Name', 'live')
    $live = if (Test-Path -LiteralPath $summaryPath) { Get-Content -LiteralPath $summaryPath -Raw | ConvertFrom-Json } else { $null }
    if (-not $live) { Write-Host '0 passed, 1 failed'; exit 1 }
    Write-Host "$($live.passed) passed, $($live.failed) failed"
    if ($live.failed -gt 0 -or $live.passed -eq 0) { exit 1 }
}

function Invoke-PackageTask {
    Assert-ModuleFolder
    Invoke-DocsTask
    Assert-ModuleHelp -AllowMissing:$AllowMissingHelp
    $repo = if ($PackagePath) { $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($PackagePath) } else { Join-Path $Out 'repo' }
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
    Invoke-DocsTask
    Assert-ModuleHelp
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

$TestSummary = $null
$order = @('Build', 'Docs', 'Test', 'Package', 'Publish', 'Demo', 'LiveTest')
foreach ($name in $order | Where-Object { $Task -contains $_ }) {
    Write-Host "=== $name ($Configuration) ===" -ForegroundColor Green
    & "Invoke-$($name)Task"
}
Write-Host "Done: $(($order | Where-Object { $Task -contains $_ }) -join ', ')" -ForegroundColor Green
# The Test task's counts (dotnet test and Pester together) close the output.
if ($TestSummary) { Write-Host $TestSummary }

#Requires -Version 5.1
<#
.SYNOPSIS
Runs the Pester suites in tests/Pester against the packaged module (out/OpenAI.PowerShell) and the emulator.

.DESCRIPTION
Pester comes from NuGet, pinned in tests/Pester/PesterTools.proj: this script runs
`dotnet restore` on that project (a no-op once restored) and imports tools/Pester.psd1 from the
NuGet packages folder. There is no fallback to another Pester: a missing one is an error.

Runs every *.Tests.ps1 in this folder (or in -Path), writes NUnit results to out/test-results/pester.xml
and the counts to out/test-results/pester-summary.json (named after -Name), and exits with 1 when a test
fails or none ran.
Build first (dotnet build, or ./build.ps1), so the module folder exists.
Windows PowerShell 5.1 and PowerShell 7+.

.EXAMPLE
./tests/Pester/Run.ps1
#>
[CmdletBinding()]
param(
    [string[]]$Path = @($PSScriptRoot),
    # Names the result files out/test-results/<Name>.xml and <Name>-summary.json (the live tier's are "live").
    [string]$Name = 'pester',
    [ValidateSet('None', 'Normal', 'Detailed', 'Diagnostic')]
    [string]$Verbosity = 'Detailed'
)

$ErrorActionPreference = 'Stop'
$root = Split-Path -Parent (Split-Path -Parent $PSScriptRoot)
$results = Join-Path $root 'out/test-results'
$summaryPath = Join-Path $results "$Name-summary.json"
New-Item -ItemType Directory -Path $results -Force | Out-Null
Remove-Item -LiteralPath $summaryPath -Force -ErrorAction SilentlyContinue

function Import-PinnedPester {
    # Restores tests/Pester/PesterTools.proj and imports the exact Pester version it pins.
    $project = Join-Path $PSScriptRoot 'PesterTools.proj'
    $version = ([xml](Get-Content -LiteralPath $project -Raw)).Project.PropertyGroup.PesterVersion | Where-Object { $_ } | Select-Object -First 1
    if (-not $version) { throw "No <PesterVersion> in $project." }
    if (-not (Get-Command dotnet -ErrorAction SilentlyContinue)) {
        throw "Pester $version comes from NuGet through 'dotnet restore', and dotnet is not on PATH. Install the .NET SDK (global.json)."
    }
    & dotnet restore $project --nologo -v quiet | Out-Host
    if ($LASTEXITCODE -ne 0) {
        throw "Could not restore Pester $version from NuGet ('dotnet restore $project' exited with $LASTEXITCODE)."
    }
    # The restore records the packages folder it used (NUGET_PACKAGES, NuGet.Config or the default).
    $assets = Get-Content -LiteralPath (Join-Path $PSScriptRoot 'obj/project.assets.json') -Raw | ConvertFrom-Json
    $folders = @($assets.packageFolders.PSObject.Properties | ForEach-Object { $_.Name })
    $manifest = $folders | ForEach-Object { Join-Path $_ "pester/$version/tools/Pester.psd1" } |
        Where-Object { Test-Path -LiteralPath $_ } | Select-Object -First 1
    if (-not $manifest) {
        throw "Pester $version was restored, but tools/Pester.psd1 is not under pester/$version in: $($folders -join ', ')."
    }
    # Pester is imported by path, so a Pester in PSModulePath (Windows ships 3.4) cannot be taken instead.
    Get-Module -Name Pester | Remove-Module -Force
    $module = Import-Module -Name $manifest -Force -PassThru
    if ($module.Version -ne [version]$version) { throw "Imported Pester $($module.Version) from $manifest, expected $version." }
    Write-Host "Pester $($module.Version) from $manifest"
}

Import-PinnedPester

$configuration = New-PesterConfiguration
$configuration.Run.Path = $Path
$configuration.Run.PassThru = $true
$configuration.Run.Exit = $false
$configuration.Output.Verbosity = $Verbosity
$configuration.Output.CIFormat = 'Auto'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputFormat = 'NUnitXml'
$configuration.TestResult.OutputPath = Join-Path $results "$Name.xml"

$result = Invoke-Pester -Configuration $configuration

if ($null -eq $result) {
    # Invoke-Pester reports some failures (a -Path that does not exist) as an error and returns nothing.
    $summary = [ordered]@{ passed = 0; failed = 1; skipped = 0 }
}
else {
    # A failed test counts once. A file whose BeforeAll failed counts its tests as failed; a file that
    # cannot be parsed fails no test, so it counts as one failure, as does a failed run with no failed test.
    $failedFiles = @($result.Failed | ForEach-Object { $_.ScriptBlock.File } | Select-Object -Unique)
    $brokenFiles = @($result.Containers | Where-Object { $_.Result -eq 'Failed' -and $failedFiles -notcontains "$($_.Item)" })
    $failed = $result.FailedCount + $brokenFiles.Count
    if ($result.Result -ne 'Passed' -and $failed -eq 0) { $failed = 1 }
    $summary = [ordered]@{ passed = $result.PassedCount; failed = $failed; skipped = $result.SkippedCount }
}
[System.IO.File]::WriteAllText($summaryPath, (ConvertTo-Json -InputObject $summary))
Write-Host ("Pester: {0} passed, {1} failed, {2} skipped (PowerShell {3})" -f $summary.passed, $summary.failed, $summary.skipped, $PSVersionTable.PSVersion)
if ($summary.failed -gt 0 -or $summary.passed -eq 0) {
    exit 1
}
exit 0

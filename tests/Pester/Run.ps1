#Requires -Version 5.1
<#
.SYNOPSIS
Runs the Pester suites in tests/Pester against the packaged module (out/OpenAI.PowerShell) and the emulator.

.DESCRIPTION
Installs Pester 5 for the current user when it is missing, runs every *.Tests.ps1 in this folder,
writes NUnit results to out/test-results/pester.xml, and exits with 1 when a test fails or none ran.
Build first (dotnet build, or ./build.ps1), so the module folder and the emulator exist.
Windows PowerShell 5.1 and PowerShell 7+.

.EXAMPLE
./tests/Pester/Run.ps1
#>
[CmdletBinding()]
param(
    [string[]]$Path = @($PSScriptRoot),
    [ValidateSet('None', 'Normal', 'Detailed', 'Diagnostic')]
    [string]$Verbosity = 'Detailed'
)

$ErrorActionPreference = 'Stop'
$minimum = [version]'5.5.0'
$maximum = [version]'5.99.99'

$pester = Get-Module -ListAvailable -Name Pester |
    Where-Object { $_.Version -ge $minimum -and $_.Version -le $maximum } |
    Sort-Object Version -Descending | Select-Object -First 1
if (-not $pester) {
    Write-Host "Installing Pester $minimum or later (5.x) for the current user..."
    if ($PSVersionTable.PSEdition -ne 'Core') {
        # Windows PowerShell 5.1: the gallery needs TLS 1.2, and the NuGet provider must be present.
        [Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls12
        if (-not (Get-PackageProvider -ListAvailable -Name NuGet -ErrorAction SilentlyContinue | Where-Object { $_.Version -ge [version]'2.8.5.201' })) {
            Install-PackageProvider -Name NuGet -MinimumVersion 2.8.5.201 -Scope CurrentUser -Force | Out-Null
        }
    }
    # -SkipPublisherCheck: Windows ships Pester 3.4 signed by another certificate.
    Install-Module -Name Pester -MinimumVersion $minimum -MaximumVersion $maximum -Scope CurrentUser -Force -SkipPublisherCheck -AllowClobber
}
Import-Module -Name Pester -MinimumVersion $minimum -MaximumVersion $maximum -Force

$root = Split-Path -Parent (Split-Path -Parent $PSScriptRoot)
$results = Join-Path $root 'out/test-results'
New-Item -ItemType Directory -Path $results -Force | Out-Null

$configuration = New-PesterConfiguration
$configuration.Run.Path = $Path
$configuration.Run.PassThru = $true
$configuration.Run.Exit = $false
$configuration.Output.Verbosity = $Verbosity
$configuration.Output.CIFormat = 'Auto'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputFormat = 'NUnitXml'
$configuration.TestResult.OutputPath = Join-Path $results 'pester.xml'

$result = Invoke-Pester -Configuration $configuration
Write-Host ("Pester: {0} passed, {1} failed, {2} skipped ({3})" -f $result.PassedCount, $result.FailedCount, $result.SkippedCount, $PSVersionTable.PSVersion)
if ($result.Result -ne 'Passed' -or $result.FailedCount -gt 0 -or $result.PassedCount -eq 0) {
    exit 1
}
exit 0

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
    [ValidateSet('Build', 'Test', 'Docs', 'Package', 'Publish', 'Demo')]
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

# Microsoft.PowerShell.PlatyPS, the maintained C# rewrite of platyPS (0.14 is no longer developed), from
# the PowerShell Gallery. Pinned to one version because the MAML it writes is what ships. 1.0.3 (July
# 2026): 1.0.1 wrote every parameter as "Accept pipeline input? false" and "Aliases none", sorted the
# syntax alphabetically and ran lists together. Bump deliberately and run tests/Help/Test-ModuleHelp.ps1.
$PlatyPSVersion = '1.0.3'
# What Get-Help looks for in the module folder's en-US. The cmdlet help is named after the DLL that holds
# the cmdlets (core/ and desktop/OpenAI.PowerShell.dll). The psm1 loads that DLL, and the cmdlets it
# exports belong to the module whose base is the module folder, so Get-Help looks in <module>/en-US.
$HelpFiles = @('OpenAI.PowerShell.dll-Help.xml', 'about_OpenAI.PowerShell.help.txt')

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

function Import-PlatyPS {
    # Installs (for the current user) and imports the pinned Microsoft.PowerShell.PlatyPS. Returns $null,
    # or why it could not.
    $name = 'Microsoft.PowerShell.PlatyPS'
    try {
        if (-not (Get-Module -ListAvailable -Name $name | Where-Object { $_.Version -eq [version]$PlatyPSVersion })) {
            Write-Host "Installing $name $PlatyPSVersion for the current user..."
            if (Get-Command Install-PSResource -ErrorAction SilentlyContinue) {
                Install-PSResource -Name $name -Version $PlatyPSVersion -Scope CurrentUser -TrustRepository -ErrorAction Stop
            }
            else {
                [Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls12
                Install-Module -Name $name -RequiredVersion $PlatyPSVersion -Scope CurrentUser -Force -ErrorAction Stop
            }
        }
        Import-Module -Name $name -RequiredVersion $PlatyPSVersion -Force -ErrorAction Stop
        $null
    }
    catch {
        "$name $PlatyPSVersion could not be installed from the PowerShell Gallery: $($_.Exception.Message)"
    }
}

function ConvertTo-AboutHelpText {
    # about_*.md -> the about_*.help.txt that Get-Help shows. Microsoft.PowerShell.PlatyPS 1.0 converts
    # cmdlet help only, so this does what platyPS 0.14's New-ExternalHelp did for about topics: the title
    # under TOPIC, level-1 headings as section names in column 0, everything else indented 4 spaces.
    param([Parameter(Mandatory)][string]$Path)
    $lines = @(Get-Content -LiteralPath $Path)
    $topic = ($lines[0] -replace '^#\s+', '').Trim()
    $text = New-Object System.Collections.Generic.List[string]
    $text.Add('TOPIC')
    $text.Add("    $topic")
    foreach ($line in $lines | Select-Object -Skip 1) {
        if ($line -match '^##\s+(.+)$' -and $Matches[1].Trim() -eq $topic) { continue }
        if ($line -match '^#\s+(.+)$') {
            if ($text[$text.Count - 1] -ne '') { $text.Add('') }
            $text.Add($Matches[1].Trim().ToUpperInvariant())
        }
        elseif ($line -match '^#{2,}\s+(.+)$') { $text.Add('    ' + $Matches[1].Trim()) }
        elseif ($line.Trim() -eq '') { if ($text[$text.Count - 1] -ne '') { $text.Add('') } }
        else { $text.Add('    ' + $line.TrimEnd()) }
    }
    ($text -join [Environment]::NewLine).TrimEnd() + [Environment]::NewLine
}

function Get-MissingHelp {
    # The help files that the module folder's en-US lacks.
    @($HelpFiles | Where-Object { -not (Test-Path -LiteralPath (Join-Path $ModuleDir "en-US/$_")) })
}

$HelpBuilt = $false
function Invoke-DocsTask {
    if ($script:HelpBuilt) { return }
    Assert-ModuleFolder
    $source = Join-Path $Root 'docs/en-US'
    $helpOut = Join-Path $Out 'help/en-US'
    if (Test-Path -LiteralPath $helpOut) { Remove-Item -LiteralPath $helpOut -Recurse -Force }
    New-Item -ItemType Directory -Path $helpOut -Force | Out-Null
    # UTF-8 with a BOM: Windows PowerShell 5.1 reads a help file without one in the ANSI code page.
    $utf8 = New-Object System.Text.UTF8Encoding $true

    foreach ($about in @(Get-ChildItem -LiteralPath $source -Filter 'about_*.md' -File)) {
        $target = Join-Path $helpOut ($about.BaseName + '.help.txt')
        [System.IO.File]::WriteAllText($target, (ConvertTo-AboutHelpText -Path $about.FullName), $utf8)
    }

    $reason = Import-PlatyPS
    if ($reason) {
        # The one line that says why there is no cmdlet help; Package and Publish then refuse.
        Write-Host "Cmdlet help NOT built: $reason" -ForegroundColor Yellow
    }
    else {
        # Export-MamlCommandHelp names the file after the markdown's module (OpenAI.PowerShell-Help.xml);
        # Get-Help looks for the DLL's name, so it is renamed.
        $maml = Join-Path $Out 'help/maml'
        if (Test-Path -LiteralPath $maml) { Remove-Item -LiteralPath $maml -Recurse -Force }
        Get-ChildItem -LiteralPath $source -Filter '*-*.md' -File |
            ForEach-Object { Import-MarkdownCommandHelp -Path $_.FullName } |
            Export-MamlCommandHelp -OutputFolder $maml -Force | Out-Null
        $written = @(Get-ChildItem -LiteralPath $maml -Filter '*-Help.xml' -File -Recurse)
        if ($written.Count -ne 1) { throw "Export-MamlCommandHelp wrote $($written.Count) MAML files in $maml; expected one." }
        Copy-Item -LiteralPath $written[0].FullName -Destination (Join-Path $helpOut $HelpFiles[0]) -Force
    }

    # Into the module folder. Earlier builds also put copies beside each DLL; Get-Help does not need them.
    $destination = Join-Path $ModuleDir 'en-US'
    foreach ($folder in @($destination, (Join-Path $ModuleDir 'core/en-US'), (Join-Path $ModuleDir 'desktop/en-US'))) {
        if (Test-Path -LiteralPath $folder) { Remove-Item -LiteralPath $folder -Recurse -Force }
    }
    New-Item -ItemType Directory -Path $destination -Force | Out-Null
    Copy-Item -Path (Join-Path $helpOut '*') -Destination $destination -Force
    Get-ChildItem -LiteralPath $destination | ForEach-Object { Write-Host "Help: en-US/$($_.Name)" }
    $script:HelpBuilt = $true
}

function Assert-ModuleHelp {
    # Package and Publish: a module without its help does not go out.
    param([switch]$AllowMissing)
    $missing = @(Get-MissingHelp)
    if ($missing.Count -eq 0) { return }
    $what = ($missing | ForEach-Object { "en-US/$_" }) -join ', '
    if (-not $AllowMissing) {
        throw "Refusing to package ${ModuleDir}: it has no $what. The help is built from docs/en-US with Microsoft.PowerShell.PlatyPS $PlatyPSVersion (./build.ps1 -Task Docs)."
    }
    Write-Host "PACKAGING WITHOUT $what (-AllowMissingHelp): for the local package test only; this package must not be published." -ForegroundColor Yellow
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
$order = @('Build', 'Docs', 'Test', 'Package', 'Publish', 'Demo')
foreach ($name in $order | Where-Object { $Task -contains $_ }) {
    Write-Host "=== $name ($Configuration) ===" -ForegroundColor Green
    & "Invoke-$($name)Task"
}
Write-Host "Done: $(($order | Where-Object { $Task -contains $_ }) -join ', ')" -ForegroundColor Green
# The Test task's counts (dotnet test and Pester together) close the output.
if ($TestSummary) { Write-Host $TestSummary }

#Requires -Version 5.1
<#
.SYNOPSIS
Checks the help that ships: for every cmdlet the module exports, `Get-Help <cmdlet> -Full` shows a
synopsis, a description, every parameter with a description, and at least two examples; and
`Get-Help about_OpenAI.PowerShell` finds the about topic.

.DESCRIPTION
It asks Get-Help, the way a user would, so it checks the whole chain: the MAML that build.ps1 made from
docs/en-US, its file name (OpenAI.PowerShell.dll-Help.xml, after the DLL that holds the cmdlets) and its
place in the module folder, where PowerShell looks for it.

Without a help file, Get-Help makes up help from the cmdlet's metadata: the synopsis is then the syntax,
and there is no description and no example. This script fails on that.

Run by the GitHub workflow in every edition (Windows PowerShell 5.1 too), and by the hosted xunit test
OpenAI.PowerShell.Hosted.Tests/Help/HelpContentTests in its runspace. Throws with every problem listed;
prints one line per cmdlet.

.PARAMETER ModulePath
The module to check: a psd1 path. Not needed when the module is already imported (the hosted test).

.EXAMPLE
./tests/Help/Test-ModuleHelp.ps1 -ModulePath ./out/OpenAI.PowerShell/OpenAI.PowerShell.psd1
#>
[CmdletBinding()]
param(
    [string]$ModulePath,
    # The module and its about topic (about_<ModuleName>).
    [string]$ModuleName = 'OpenAI.PowerShell'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$moduleName = $ModuleName
if ($ModulePath) {
    $module = Import-Module -Name (Resolve-Path -LiteralPath $ModulePath).ProviderPath -Force -PassThru | Select-Object -First 1
}
else {
    $module = Get-Module -Name $moduleName | Select-Object -First 1
    if (-not $module) { throw "Import $moduleName first, or give -ModulePath." }
}

# Parameters every cmdlet has that the help does not list one by one.
$common = @([System.Management.Automation.Cmdlet]::CommonParameters) + @([System.Management.Automation.Cmdlet]::OptionalCommonParameters |
    Where-Object { $_ -ne 'WhatIf' -and $_ -ne 'Confirm' })

function Get-Property {
    # A property's value, or $null when the object lacks it (made-up help has no description, examples...).
    param($Object, [string]$Name)
    if ($null -eq $Object) { return $null }
    $property = $Object.PSObject.Properties[$Name]
    if ($property) { $property.Value }
}

function Get-Text {
    # The text of a MAML description (an array of paragraphs with a Text property), trimmed.
    param($Value)
    if ($null -eq $Value) { return '' }
    ((@($Value) | ForEach-Object { if ($_.PSObject.Properties['Text']) { $_.Text } else { "$_" } }) -join "`n").Trim()
}

$problems = New-Object System.Collections.Generic.List[string]
$cmdlets = @($module.ExportedCmdlets.Values | Sort-Object Name)
if ($cmdlets.Count -eq 0) { $problems.Add("$moduleName exports no cmdlet.") }

foreach ($command in $cmdlets) {
    $name = $command.Name
    $help = Get-Help -Name $name -Full
    $mine = New-Object System.Collections.Generic.List[string]

    $synopsis = "$($help.Synopsis)".Trim()
    # Made-up help has the syntax ("Send-OAIFile [-Path] <string[]> ...") as its synopsis.
    if (-not $synopsis -or $synopsis.StartsWith($name)) {
        $file = Join-Path $module.ModuleBase "en-US/$($command.HelpFile)"
        Write-Host "FAIL $name`: Get-Help found no help for it and shows the syntax as its synopsis (is $file there?)"
        $problems.Add("$name`: no help (no synopsis, description, parameters or examples); Get-Help looks for $($command.HelpFile)")
        continue
    }
    if (-not (Get-Text (Get-Property $help 'description'))) { $mine.Add('no description') }

    $documented = @{}
    foreach ($parameter in @(Get-Property (Get-Property $help 'parameters') 'parameter')) {
        if ($null -ne $parameter) { $documented["$(Get-Property $parameter 'name')"] = Get-Text (Get-Property $parameter 'description') }
    }
    foreach ($parameter in @($command.Parameters.Keys | Where-Object { $common -notcontains $_ } | Sort-Object)) {
        if (-not $documented.ContainsKey($parameter)) { $mine.Add("parameter -$parameter is missing") }
        elseif (-not $documented[$parameter]) { $mine.Add("parameter -$parameter has no description") }
    }

    $examples = @(@(Get-Property (Get-Property $help 'examples') 'example') |
        Where-Object { $null -ne $_ -and "$(Get-Property $_ 'code')" -match [regex]::Escape($name) })
    if ($examples.Count -lt 2) { $mine.Add("$($examples.Count) example(s) that run $name; at least 2 are required") }

    if ($mine.Count -eq 0) {
        Write-Host "ok   $name`: synopsis, description, $($documented.Count) parameters, $($examples.Count) examples"
    }
    else {
        Write-Host "FAIL $name`: $($mine -join '; ')"
        foreach ($problem in $mine) { $problems.Add("$name`: $problem") }
    }
}

$about = Get-Help -Name "about_$moduleName" -ErrorAction SilentlyContinue | Out-String
if ($about -match "about_$([regex]::Escape($moduleName))" -and $about -match 'SHORT DESCRIPTION') {
    Write-Host "ok   about_$moduleName"
}
else {
    Write-Host "FAIL about_$moduleName`: Get-Help does not find it"
    $problems.Add("Get-Help about_$moduleName finds no about topic.")
}

if ($problems.Count -gt 0) {
    throw "The help of $moduleName ($($module.ModuleBase)) is incomplete:`n  " + ($problems -join "`n  ")
}
Write-Host "Help check passed: $($cmdlets.Count) cmdlets and about_$moduleName (PowerShell $($PSVersionTable.PSVersion))."

#Requires -Version 5.1
<#
.SYNOPSIS
Checks the help that ships against the cmdlets themselves: what `Get-Help <cmdlet> -Full` shows for
every cmdlet the module exports, and `Get-Help about_<module>`.

.DESCRIPTION
It asks Get-Help, the way a user would, so it checks the whole chain: the MAML that build.ps1 made from
docs/en-US with PlatyPS, its file name (OpenAI.PowerShell.dll-Help.xml, after the DLL that holds the
cmdlets) and its place in the module folder. For every cmdlet:

  - a synopsis and a description (help made up from metadata, when no help file is found, has neither);
  - every parameter, with a description;
  - for every parameter, "Accept pipeline input?", "Aliases" and "Required?" as the cmdlet's metadata
    has them (PlatyPS 1.0.1 wrote "false" and "none" for all of them), and a "Default value" (PlatyPS
    1.0 writes none; build.ps1 adds the one the docs give);
  - one syntax line per parameter set, naming the parameters in the order Get-Command -Syntax does
    (positional ones first, by position), not alphabetically;
  - at least two examples whose text runs the cmdlet. PlatyPS 1.0 writes an example's code and text
    into its introduction and leaves its code empty, so the code, introduction and remarks all count.

And Get-Help about_<module> finds the about topic.

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

function Get-PipelineInput {
    # "Accept pipeline input?" as the metadata has it, in Get-Help's words.
    param([System.Management.Automation.ParameterMetadata]$Parameter)
    $sets = @($Parameter.ParameterSets.Values)
    $kinds = @()
    if ($sets | Where-Object { $_.ValueFromPipeline }) { $kinds += 'ByValue' }
    if ($sets | Where-Object { $_.ValueFromPipelineByPropertyName }) { $kinds += 'ByPropertyName' }
    if ($kinds.Count -eq 0) { 'false' } else { "true ($($kinds -join ', '))" }
}

function Get-SyntaxOrder {
    # The parameters of a parameter set in the order Get-Command -Syntax prints them.
    param([System.Management.Automation.CommandParameterSetInfo]$Set)
    @([regex]::Matches($Set.ToString(), '(?:^|(?<=[\[\s]))-(\w+)') | ForEach-Object { $_.Groups[1].Value } |
        Where-Object { $common -notcontains $_ })
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
        if ($null -ne $parameter) { $documented["$(Get-Property $parameter 'name')"] = $parameter }
    }
    foreach ($parameterName in @($command.Parameters.Keys | Where-Object { $common -notcontains $_ } | Sort-Object)) {
        if (-not $documented.ContainsKey($parameterName)) { $mine.Add("parameter -$parameterName is missing"); continue }
        $shown = $documented[$parameterName]
        $metadata = $command.Parameters[$parameterName]
        if (-not (Get-Text (Get-Property $shown 'description'))) { $mine.Add("parameter -$parameterName has no description") }

        $pipeline = Get-PipelineInput $metadata
        $shownPipeline = "$(Get-Property $shown 'pipelineInput')".Trim()
        if ($shownPipeline -ne $pipeline) { $mine.Add("-$parameterName shows 'Accept pipeline input? $shownPipeline'; the cmdlet takes $pipeline") }

        $aliases = @($metadata.Aliases | Sort-Object) -join ', '
        $shownAliases = @("$(Get-Property $shown 'aliases')" -split ',\s*' | Where-Object { $_ -and $_ -ne 'none' } | Sort-Object) -join ', '
        if ($shownAliases -ne $aliases) { $mine.Add("-$parameterName shows the aliases '$shownAliases'; the cmdlet has '$aliases'") }

        # PlatyPS 1.0 writes no default into the MAML; build.ps1 adds the docs' "Default value" (None included).
        if (-not "$(Get-Property $shown 'defaultValue')".Trim()) { $mine.Add("-$parameterName shows no default value") }

        # One "Required?" stands for every parameter set, so it is checked where the sets agree.
        $mandatory = @(@($metadata.ParameterSets.Values) | ForEach-Object { $_.IsMandatory } | Sort-Object -Unique)
        if ($mandatory.Count -eq 1 -and "$(Get-Property $shown 'required')" -ne "$($mandatory[0])".ToLowerInvariant()) {
            $mine.Add("-$parameterName shows 'Required? $(Get-Property $shown 'required')'; the cmdlet has $($mandatory[0])")
        }
    }

    # One syntax line per parameter set, matched by the parameters it names, in Get-Command's order.
    $shownSyntax = @(@(Get-Property (Get-Property $help 'syntax') 'syntaxItem') | Where-Object { $null -ne $_ } | ForEach-Object {
            , @(@(Get-Property $_ 'parameter') | ForEach-Object { "$(Get-Property $_ 'name')" } | Where-Object { $common -notcontains $_ })
        })
    foreach ($set in $command.ParameterSets) {
        $expected = Get-SyntaxOrder $set
        $match = @($shownSyntax | Where-Object { (@($_ | Sort-Object) -join ' ') -eq (@($expected | Sort-Object) -join ' ') })
        if ($match.Count -eq 0) { $mine.Add("no syntax line for the parameter set $($set.Name)") }
        elseif (($match[0] -join ' ') -ne ($expected -join ' ')) {
            $mine.Add("the syntax of $($set.Name) lists -$($match[0] -join ', -'); Get-Command -Syntax lists -$($expected -join ', -')")
        }
    }
    if ($shownSyntax.Count -ne @($command.ParameterSets).Count) {
        $mine.Add("$($shownSyntax.Count) syntax line(s) for $(@($command.ParameterSets).Count) parameter set(s)")
    }

    $examples = @(@(Get-Property (Get-Property $help 'examples') 'example') | Where-Object {
            $null -ne $_ -and (("$(Get-Property $_ 'code')", (Get-Text (Get-Property $_ 'introduction')), (Get-Text (Get-Property $_ 'remarks'))) -join "`n") -match [regex]::Escape($name)
        })
    if ($examples.Count -lt 2) { $mine.Add("$($examples.Count) example(s) that run $name; at least 2 are required") }

    if ($mine.Count -eq 0) {
        Write-Host "ok   $name`: synopsis, description, $($documented.Count) parameters (pipeline input, aliases, required, default), $(@($command.ParameterSets).Count) syntax line(s), $($examples.Count) examples"
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

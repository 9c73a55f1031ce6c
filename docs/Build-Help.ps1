# How docs/en-US becomes the help that ships: dot-sourced by build.ps1, whose $Root, $Out and $ModuleDir
# it uses. The cmdlets' MAML comes from Microsoft.PowerShell.PlatyPS; the about topic is converted here.
# Works in PowerShell 7+ and Windows PowerShell 5.1.

# Microsoft.PowerShell.PlatyPS, the maintained C# rewrite of platyPS (0.14 is no longer developed), from
# the PowerShell Gallery. Pinned to one version because the MAML it writes is what ships. 1.0.3 (July
# 2026): 1.0.1 wrote every parameter as "Accept pipeline input? false" and "Aliases none", sorted the
# syntax alphabetically and ran lists together. Bump deliberately and run tests/Help/Test-ModuleHelp.ps1.
$PlatyPSVersion = '1.0.3'
# What Get-Help looks for in the module folder's en-US. The cmdlet help is named after the DLL that holds
# the cmdlets (core/ and desktop/OpenAI.PowerShell.dll). The psm1 loads that DLL, and the cmdlets it
# exports belong to the module whose base is the module folder, so Get-Help looks in <module>/en-US.
$HelpFiles = @('OpenAI.PowerShell.dll-Help.xml', 'about_OpenAI.PowerShell.help.txt')

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

function Add-MamlDefaultValue {
    # Microsoft.PowerShell.PlatyPS 1.0.3 reads each parameter's "Default value" from the markdown but writes
    # no <dev:defaultValue> into the MAML, so Get-Help would show every default as blank. This writes them.
    param([Parameter(Mandatory)][string]$Path, [Parameter(Mandatory)][object[]]$CommandHelp)
    $xml = New-Object System.Xml.XmlDocument
    $xml.PreserveWhitespace = $true
    $xml.Load($Path)
    $ns = New-Object System.Xml.XmlNamespaceManager $xml.NameTable
    $ns.AddNamespace('command', 'http://schemas.microsoft.com/maml/dev/command/2004/10')
    $ns.AddNamespace('maml', 'http://schemas.microsoft.com/maml/2004/10')
    $ns.AddNamespace('dev', 'http://schemas.microsoft.com/maml/dev/2004/10')
    foreach ($help in $CommandHelp) {
        $defaults = @{}
        foreach ($parameter in $help.Parameters) { if ($parameter.DefaultValue) { $defaults[$parameter.Name] = $parameter.DefaultValue } }
        $query = "//command:command[command:details/command:name='$($help.Title)']/command:parameters/command:parameter"
        foreach ($node in @($xml.SelectNodes($query, $ns))) {
            $name = $node.SelectSingleNode('maml:name', $ns).InnerText
            if (-not $defaults.ContainsKey($name) -or $node.SelectSingleNode('dev:defaultValue', $ns)) { continue }
            $value = $xml.CreateElement('dev', 'defaultValue', 'http://schemas.microsoft.com/maml/dev/2004/10')
            $value.InnerText = $defaults[$name]
            [void]$node.AppendChild($value)
        }
    }
    $xml.Save($Path)
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
        $commands = @(Get-ChildItem -LiteralPath $source -Filter '*-*.md' -File | ForEach-Object { Import-MarkdownCommandHelp -Path $_.FullName })
        $commands | Export-MamlCommandHelp -OutputFolder $maml -Force | Out-Null
        $written = @(Get-ChildItem -LiteralPath $maml -Filter '*-Help.xml' -File -Recurse)
        if ($written.Count -ne 1) { throw "Export-MamlCommandHelp wrote $($written.Count) MAML files in $maml; expected one." }
        Add-MamlDefaultValue -Path $written[0].FullName -CommandHelp $commands
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

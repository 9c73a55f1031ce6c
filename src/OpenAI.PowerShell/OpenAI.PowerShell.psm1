# Loads the build that matches the running PowerShell: 'core' needs nothing beyond what
# PowerShell 7.4 ships; 'desktop' carries its own System.Text.Json for Windows PowerShell 5.1.
$flavor = if ($PSEdition -eq 'Core') { 'core' } else { 'desktop' }
$binary = Join-Path -Path $PSScriptRoot -ChildPath "$flavor/OpenAI.PowerShell.dll"
$module = Import-Module -Name $binary -PassThru -ErrorAction Stop
Export-ModuleMember -Cmdlet @($module.ExportedCmdlets.Keys)

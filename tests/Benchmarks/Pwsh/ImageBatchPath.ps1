<#
.SYNOPSIS
    One measured run of a user's image-edit path through OpenAI.PowerShell, for the benchmarks' section "imagebatch".
.DESCRIPTION
    Runs in a fresh pwsh process started by tests/Benchmarks, as BatchPath.ps1 does: it imports the built
    module, points the session at the emulator, runs the path once on small input (untimed), then collects
    garbage, reads the resident memory (idle), resets the kernel's peak (VmHWM) and times the path with its
    own Stopwatch and CPU clock. Around the timed statement it asks the emulator how many requests it has
    received (its /emulator/requests/count route), so the figures count the timed path's requests alone.
    The figures go to stdout as one line "RESULT {json}".

    The edits are rows as a CSV would give them: one object per edit with Path (one of the images in
    -ImageDir, in turn) and Prompt. Modes (the statement that is timed):
      asbatch    & $rows | New-OAIImageEdit -AsBatch
      receive    Receive-OAIBatch $BatchId -OutDirectory $Out | Measure-Object
      sync       & $rows | ForEach-Object { New-OAIImageEdit -Path $_.Path -Prompt $_.Prompt -OutFile "$Out/edit-<n>.png" } | Measure-Object
      batchpath  & $rows | New-OAIImageEdit -AsBatch | Wait-OAIBatch -PollInterval 1 | Receive-OAIBatch -OutDirectory $Out | Measure-Object
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][ValidateSet('asbatch', 'receive', 'sync', 'batchpath')]
    [string] $Mode,
    [string] $Module,
    [string] $BaseUri,
    [string] $Key,
    [string] $ImageDir,
    [string] $WarmImageDir,
    [int] $Count = 2000,
    [int] $WarmCount = 8,
    [string] $BatchId,
    [string] $WarmBatchId,
    [string] $Out,
    [string] $WarmOut
)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
. (Join-Path $PSScriptRoot 'ProcessFigures.ps1')
$result = Connect-Emulator $Mode $Module $BaseUri $Key

# One row per edit, made as they are piped: each image of the folder in turn, so each is used by Count/images rows.
$rows = {
    param([int] $N, [string] $Folder)
    $images = @(Get-ChildItem -LiteralPath $Folder -Filter *.png | Sort-Object Name | ForEach-Object FullName)
    foreach ($i in 1..$N) {
        [pscustomobject]@{ Path = $images[$i % $images.Count]; Prompt = 'Put a small red hat on the subject; keep the background as it is.' }
    }
}

# What the emulator received so far, by kind (its control routes are not the module's requests).
function Get-RequestCounts {
    $headers = @{ Authorization = "Bearer $Key" }
    $count = { param($Method, $Path) (Invoke-RestMethod -Headers $headers -Uri "$($BaseUri.TrimEnd('/'))/emulator/requests/count?method=$Method&path=$([uri]::EscapeDataString($Path))").count }
    $all = & $count '' '/v1/'
    [ordered]@{
        api         = $all - (& $count '' '/v1/emulator/')
        image_edits = & $count 'POST' '/v1/images/edits'
        uploads     = & $count '' '/v1/uploads'
        files       = & $count '' '/v1/files'
        batches     = & $count '' '/v1/batches'
    }
}

$script:Batches = [Collections.Generic.List[string]]::new()
$script:WarmBatches = [Collections.Generic.List[string]]::new()
function Invoke-Path([bool] $Warm) {
    $n = if ($Warm) { $WarmCount } else { $Count }
    $folder = if ($Warm) { $WarmImageDir } else { $ImageDir }
    $target = if ($Warm) { $WarmOut } else { $Out }
    switch ($Mode) {
        'asbatch' {
            $b = & $rows $n $folder | New-OAIImageEdit -AsBatch
            $b | ForEach-Object { ($Warm ? $script:WarmBatches : $script:Batches).Add($_.Id) }
            @($b).Count
        }
        'receive' {
            (Receive-OAIBatch -BatchId ($Warm ? $WarmBatchId : $BatchId) -OutDirectory $target | Measure-Object).Count
        }
        'sync' {
            $i = 0
            (& $rows $n $folder | ForEach-Object {
                $i++
                New-OAIImageEdit -Path $_.Path -Prompt $_.Prompt -OutFile (Join-Path $target "edit-$i.png")
            } | Measure-Object).Count
        }
        'batchpath' {
            (& $rows $n $folder | New-OAIImageEdit -AsBatch | Wait-OAIBatch -PollInterval 1 | Receive-OAIBatch -OutDirectory $target | Measure-Object).Count
        }
    }
}

Measure-Path $result ${function:Invoke-Path} { $script:Before = Get-RequestCounts }
$before = $script:Before
$after = Get-RequestCounts
$result.requests = [ordered]@{}
foreach ($kind in $after.Keys) { $result.requests[$kind] = $after[$kind] - $before[$kind] }
if ($Out -and (Test-Path -LiteralPath $Out)) {
    $saved = @(Get-ChildItem -LiteralPath $Out -File)
    $result.saved_files = $saved.Count
    $result.saved_bytes = ($saved | Measure-Object Length -Sum).Sum
}
if ($script:Batches.Count) { $result.batches = @($script:Batches) }
if ($script:WarmBatches.Count) { $result.warm_batches = @($script:WarmBatches) }
[Console]::Out.WriteLine('RESULT ' + ($result | ConvertTo-Json -Compress))

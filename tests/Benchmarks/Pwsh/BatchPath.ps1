<#
.SYNOPSIS
    One measured run of a user's Batch path through OpenAI.PowerShell, for the benchmarks' batch sections.
.DESCRIPTION
    Runs in a fresh pwsh process started by tests/Benchmarks (sections "receive", "start", "wait").
    Like UserPath.ps1: it imports the built module, points the session at the emulator, runs the path
    once on small input (untimed: JIT, connections, the first requests), then collects garbage, reads
    the resident memory (idle), resets the kernel's peak (VmHWM) and times the path with its own
    Stopwatch and CPU clock. The figures go to stdout as one line "RESULT {json}".

    Modes (the statement that is timed):
      receive     Receive-OAIBatch $BatchId | Measure-Object
      getcontent  Get-Content -LiteralPath $File | Measure-Object          (the same output file, saved locally)
      readall     [IO.File]::ReadAllText($File) -split "`n" | ConvertFrom-Json | Measure-Object
      start       & $requests | Start-OAIBatch                             ($Count hashtables: custom_id, method, url, body)
      startjson   & $requests | ForEach-Object { ConvertTo-Json -InputObject $_ -Depth 10 -Compress } | Set-Content $tmp
                  then Send-OAIFile -LiteralPath $tmp -Purpose batch | Start-OAIBatch
      generate    & $requests | Measure-Object                             (making the hashtables alone)
      wait        Wait-OAIBatch -BatchId $BatchIds                         (prints "WAITING" just before)
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][ValidateSet('receive', 'getcontent', 'readall', 'start', 'startjson', 'generate', 'wait')]
    [string] $Mode,
    [string] $Module,
    [string] $BaseUri,
    [string] $Key,
    [string] $BatchId,
    [string] $WarmBatchId,
    [string] $BatchIds,
    [string] $File,
    [string] $WarmFile,
    [int] $Count = 50000,
    [int] $WarmCount = 10,
    [int] $TextChars = 3560,
    [string] $Temp = [IO.Path]::GetTempPath()
)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
. (Join-Path $PSScriptRoot 'ProcessFigures.ps1')
$result = Connect-Emulator $Mode $Module $BaseUri $Key

# The requests a user's script would make: one hashtable per request, made as they are piped.
# One text is shared by all (about 3.5 KB), as a template filled with the same instructions would be.
$script:Text = ('Review the order below and answer briefly whether it arrived on time. ' * (1 + $TextChars / 40)).Substring(0, $TextChars)
$requests = {
    param([int] $N, [string] $Prefix)
    foreach ($i in 1..$N) {
        @{
            custom_id = "$Prefix$i"
            method    = 'POST'
            url       = '/v1/chat/completions'
            body      = @{ model = 'gpt-4o-mini'; messages = @(@{ role = 'user'; content = $script:Text }) }
        }
    }
}

$script:Batches = [Collections.Generic.List[string]]::new()
function Invoke-Path([bool] $Warm) {
    $prefix = if ($Warm) { 'warm-' } else { 'r' }
    switch ($Mode) {
        'receive' {
            $id = if ($Warm) { $WarmBatchId } else { $BatchId }
            (Receive-OAIBatch -BatchId $id | Measure-Object).Count
        }
        'getcontent' {
            (Get-Content -LiteralPath $(if ($Warm) { $WarmFile } else { $File }) | Measure-Object).Count
        }
        'readall' {
            ([IO.File]::ReadAllText($(if ($Warm) { $WarmFile } else { $File })) -split "`n" | ConvertFrom-Json | Measure-Object).Count
        }
        'generate' {
            (& $requests $(if ($Warm) { $WarmCount } else { $Count }) $prefix | Measure-Object).Count
        }
        'start' {
            $b = & $requests $(if ($Warm) { $WarmCount } else { $Count }) $prefix | Start-OAIBatch
            $b | ForEach-Object { $script:Batches.Add($_.Id) }
            @($b).Count
        }
        'startjson' {
            $tmp = Join-Path $Temp "bench-requests-$PID-$prefix.jsonl"
            try {
                & $requests $(if ($Warm) { $WarmCount } else { $Count }) $prefix |
                    ForEach-Object { ConvertTo-Json -InputObject $_ -Depth 10 -Compress } |
                    Set-Content -LiteralPath $tmp -Encoding utf8NoBOM
                $script:InputBytes = (Get-Item -LiteralPath $tmp).Length
                $b = Send-OAIFile -LiteralPath $tmp -Purpose batch | Start-OAIBatch
                $b | ForEach-Object { $script:Batches.Add($_.Id) }
                @($b).Count
            }
            finally {
                Remove-Item -LiteralPath $tmp -ErrorAction SilentlyContinue
            }
        }
        'wait' {
            if ($Warm) {
                @(Wait-OAIBatch -BatchId $WarmBatchId).Count
            }
            else {
                [Console]::Out.WriteLine('WAITING')
                [Console]::Out.Flush()
                $done = Wait-OAIBatch -BatchId ($BatchIds -split ',')
                $script:Statuses = @($done | ForEach-Object Status | Group-Object | ForEach-Object { "$($_.Name)=$($_.Count)" }) -join ','
                @($done).Count
            }
        }
    }
}

Measure-Path $result ${function:Invoke-Path}
if ($File -and (Test-Path -LiteralPath $File)) { $result.bytes = (Get-Item -LiteralPath $File).Length }
if ($script:InputBytes) { $result.bytes = $script:InputBytes }
if ($script:Batches.Count) { $result.batches = @($script:Batches) }
if ($script:Statuses) { $result.statuses = $script:Statuses }
[Console]::Out.WriteLine('RESULT ' + ($result | ConvertTo-Json -Compress))

<#
.SYNOPSIS
    One measured run of a user's path through OpenAI.PowerShell, for the benchmarks' pwsh section.
.DESCRIPTION
    Runs in a fresh pwsh process started by tests/Benchmarks (section "pwsh"). It imports the built
    module, points the session at the emulator, runs the same path once on -WarmFile (untimed: JIT,
    connections, the first requests), then settles, reads the resident memory, resets the kernel's
    peak (VmHWM) and times the path on -File with its own Stopwatch. The figures go to stdout as one
    line "RESULT {json}"; anything else the run prints is ignored by the caller.

    Modes (the statement that is timed as "pipeline"):
      send        Send-OAIFile -LiteralPath $File  (create, parts, md5, complete in one call)
      path        Add-OAIUploadPart -Upload $u -Path $File  (after New-OAIUpload; then Complete-OAIUpload)
      chunks      a FileStream read into one -ChunkSize array, refilled per chunk, each written as ,$chunk | Add-OAIUploadPart -Upload $u
      getcontent  Get-Content -LiteralPath $File -AsByteStream -ReadCount $ChunkSize | Add-OAIUploadPart -Upload $u
      measure     Get-Content -LiteralPath $File -AsByteStream -ReadCount $ChunkSize | Measure-Object  (no upload)
      bytes       [IO.File]::ReadAllBytes($File) | Add-OAIUploadPart -Upload $u  (one record per byte)
      bytesmeasure [IO.File]::ReadAllBytes($File) | Measure-Object  (the same records, PowerShell's own cmdlet; no upload)
      import      Import-Module alone, timed
      startup     nothing: the cost of starting pwsh and running a script
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][ValidateSet('send', 'path', 'chunks', 'getcontent', 'measure', 'bytes', 'bytesmeasure', 'import', 'startup')]
    [string] $Mode,
    [string] $Module,
    [string] $File,
    [string] $WarmFile,
    [string] $BaseUri,
    [string] $Key,
    [long] $PartSize = 8MB,
    [int] $ThrottleLimit = 4,
    [int] $ChunkSize = 8MB
)

$ErrorActionPreference = 'Stop'
$result = [ordered]@{ mode = $Mode; pid = $PID; ps_version = $PSVersionTable.PSVersion.ToString() }

function Write-Result {
    [Console]::Out.WriteLine('RESULT ' + ($result | ConvertTo-Json -Compress))
}

if ($Mode -eq 'startup') {
    Write-Result
    return
}

. (Join-Path $PSScriptRoot 'ProcessFigures.ps1')

$cpu = Get-CpuSeconds
$clock = [Diagnostics.Stopwatch]::StartNew()
Import-Module -Name $Module
$result.import_seconds = $clock.Elapsed.TotalSeconds
$result.import_cpu_seconds = (Get-CpuSeconds) - $cpu
if ($Mode -eq 'import') {
    Write-Result
    return
}

if ($Mode -eq 'chunks') {
    # Written through once, so its pages are resident before the idle reading: the kernel maps a
    # fresh array's pages only when they are first written, and the warm-up fills only 1 MiB of it.
    $script:ChunkBuffer = [byte[]]::new($ChunkSize)
    [Array]::Fill($script:ChunkBuffer, [byte]1)
}
Set-OAIContext -BaseUri $BaseUri -ApiKey (ConvertTo-SecureString $Key -AsPlainText -Force)

# Each upload mode: create (untimed for 'send', which creates inside), the timed statement, complete.
function Invoke-Path([string] $Source, [hashtable] $Times) {
    $sw = [Diagnostics.Stopwatch]::StartNew()
    if ($Mode -eq 'send') {
        $cpu = Get-CpuSeconds
        # The files are random bytes: the JSONL check (measured on its own) is skipped here.
        $done = Send-OAIFile -LiteralPath $Source -Purpose batch -PartSize $PartSize -ThrottleLimit $ThrottleLimit -SkipValidation
        $Times.pipeline = $sw.Elapsed.TotalSeconds
        $Times.pipeline_cpu = (Get-CpuSeconds) - $cpu
        $Times.upload = $Times.pipeline
        return $done
    }
    if ($Mode -in 'measure', 'bytesmeasure') {
        $cpu = Get-CpuSeconds
        $m = if ($Mode -eq 'measure') { Get-Content -LiteralPath $Source -AsByteStream -ReadCount $ChunkSize | Measure-Object }
             else { [IO.File]::ReadAllBytes($Source) | Measure-Object }
        $Times.pipeline = $sw.Elapsed.TotalSeconds
        $Times.pipeline_cpu = (Get-CpuSeconds) - $cpu
        $Times.records = $m.Count
        return $null
    }
    $u = New-OAIUpload -LiteralPath $Source -Purpose batch -SkipValidation
    $Times.create = $sw.Elapsed.TotalSeconds
    $cpu = Get-CpuSeconds
    $p = [Diagnostics.Stopwatch]::StartNew()
    $parts = switch ($Mode) {
        'path' {
            Add-OAIUploadPart -Upload $u -Path $Source -PartSize $PartSize -ThrottleLimit $ThrottleLimit
        }
        'chunks' {
            & {
                $stream = [IO.File]::OpenRead($Source)
                try {
                    # One array refilled for every chunk (Add-OAIUploadPart copies each chunk as it
                    # arrives); it is made before the idle reading, so the peak is the module's.
                    while (($n = $stream.ReadAtLeast($script:ChunkBuffer, $script:ChunkBuffer.Length, $false)) -gt 0) {
                        if ($n -eq $script:ChunkBuffer.Length) { , $script:ChunkBuffer }
                        else { , [ArraySegment[byte]]::new($script:ChunkBuffer, 0, $n).ToArray() }
                    }
                }
                finally {
                    $stream.Dispose()
                }
            } | Add-OAIUploadPart -Upload $u -PartSize $PartSize -ThrottleLimit $ThrottleLimit
        }
        'getcontent' {
            Get-Content -LiteralPath $Source -AsByteStream -ReadCount $ChunkSize |
                Add-OAIUploadPart -Upload $u -PartSize $PartSize -ThrottleLimit $ThrottleLimit
        }
        'bytes' {
            [IO.File]::ReadAllBytes($Source) | Add-OAIUploadPart -Upload $u -PartSize $PartSize -ThrottleLimit $ThrottleLimit
        }
    }
    $Times.pipeline = $p.Elapsed.TotalSeconds
    $Times.pipeline_cpu = (Get-CpuSeconds) - $cpu
    $Times.parts = @($parts).Count
    $c = [Diagnostics.Stopwatch]::StartNew()
    $done = $parts | Complete-OAIUpload
    $Times.complete = $c.Elapsed.TotalSeconds
    $Times.upload = $sw.Elapsed.TotalSeconds
    return $done
}

function Assert-Completed($Done, [string] $Source) {
    if ($Mode -in 'measure', 'bytesmeasure') { return }
    $length = (Get-Item -LiteralPath $Source).Length
    if ($Done.Status -ne 'completed' -or $Done.Bytes -ne $length) {
        throw "Upload of $Source ended '$($Done.Status)' with $($Done.Bytes) of $length bytes."
    }
}

$warm = @{}
$warmClock = [Diagnostics.Stopwatch]::StartNew()
Assert-Completed (Invoke-Path $WarmFile $warm) $WarmFile
$result.warmup_seconds = $warmClock.Elapsed.TotalSeconds

Reset-PeakMemory $result

$times = @{}
$done = Invoke-Path $File $times
$result.peak_rss_bytes = Get-ProcStatus VmHWM
if ($null -eq $result.peak_rss_bytes) {
    $result.peak_rss_bytes = [Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64
}
Assert-Completed $done $File
$result.bytes = (Get-Item -LiteralPath $File).Length
foreach ($name in 'create', 'pipeline', 'pipeline_cpu', 'complete', 'upload', 'parts', 'records') {
    if ($times.ContainsKey($name)) {
        $result["${name}$(if ($name -in 'parts', 'records') { '' } else { '_seconds' })"] = $times[$name]
    }
}
Write-Result

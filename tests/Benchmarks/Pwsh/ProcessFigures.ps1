# What the benchmark scripts measure of their own pwsh process; dot-sourced by UserPath.ps1, BatchPath.ps1 and ImageBatchPath.ps1.

# CPU seconds of this whole process (all threads): on shared cores, steadier than wall time.
function Get-CpuSeconds { [Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime.TotalSeconds }

function Get-ProcStatus([string] $Name) {
    # /proc/self/status: "VmHWM:    123456 kB". Null where there is no /proc (not Linux).
    if (-not (Test-Path -LiteralPath /proc/self/status)) { return $null }
    $line = [IO.File]::ReadAllLines('/proc/self/status') | Where-Object { $_.StartsWith("${Name}:") }
    if (-not $line) { return $null }
    return [long](($line -split '\s+')[1]) * 1024
}

# Settle after warm-up: what the process keeps then is "idle", and the peak counts only what follows.
# Sets idle_rss_bytes and peak_reset in $Result.
function Reset-PeakMemory([System.Collections.IDictionary] $Result) {
    [GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
    Start-Sleep -Milliseconds 300
    $Result.idle_rss_bytes = Get-ProcStatus VmRSS
    $Result.peak_reset = $false
    try {
        [IO.File]::WriteAllText('/proc/self/clear_refs', '5')
        $Result.peak_reset = $true
    }
    catch {
        # Not Linux, or not allowed: the peak then includes start-up and warm-up.
    }
}

# The start of BatchPath.ps1 and ImageBatchPath.ps1: the built module imported and pointed at the emulator.
# Returns the result's first fields.
function Connect-Emulator([string] $Mode, [string] $Module, [string] $BaseUri, [string] $Key) {
    Import-Module -Name $Module -Global
    Set-OAIContext -BaseUri $BaseUri -ApiKey (ConvertTo-SecureString $Key -AsPlainText -Force)
    [ordered]@{ mode = $Mode; pid = $PID; ps_version = $PSVersionTable.PSVersion.ToString() }
}

# The measured run of BatchPath.ps1 and ImageBatchPath.ps1. $Invoke runs the path and returns the records it
# wrote: given $true, once on small input, untimed (JIT, connections, the first requests); given $false, the
# run that is timed. Between them $AfterWarmup runs (if given), then the process settles and its peak is reset.
# Sets in $Result the warm-up, the records, the timed seconds and CPU seconds, the bytes allocated, the gen2
# collections and the peak.
function Measure-Path([System.Collections.IDictionary] $Result, [scriptblock] $Invoke, [scriptblock] $AfterWarmup) {
    $warmClock = [Diagnostics.Stopwatch]::StartNew()
    $Result.warm_records = & $Invoke $true
    $Result.warmup_seconds = $warmClock.Elapsed.TotalSeconds
    if ($AfterWarmup) { & $AfterWarmup }

    Reset-PeakMemory $Result

    $allocated = [GC]::GetTotalAllocatedBytes()
    $gen2 = [GC]::CollectionCount(2)
    $cpu = Get-CpuSeconds
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $Result.records = & $Invoke $false
    $Result.pipeline_seconds = $clock.Elapsed.TotalSeconds
    $Result.pipeline_cpu_seconds = (Get-CpuSeconds) - $cpu
    $Result.allocated_bytes = [GC]::GetTotalAllocatedBytes() - $allocated
    $Result.gen2_collections = [GC]::CollectionCount(2) - $gen2
    $Result.peak_rss_bytes = Get-ProcStatus VmHWM
    if ($null -eq $Result.peak_rss_bytes) {
        $Result.peak_rss_bytes = [Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64
    }
}

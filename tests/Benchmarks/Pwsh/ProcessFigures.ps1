# What the benchmark scripts measure of their own pwsh process; dot-sourced by UserPath.ps1 and BatchPath.ps1.

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

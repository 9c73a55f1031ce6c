# Shared helpers for the Pester suites and build.ps1's Demo task. Dot-source it:
#     . (Join-Path $PSScriptRoot 'Emulator.ps1')
# Works in Windows PowerShell 5.1 and PowerShell 7+.
#
# The emulator runs from its built DLL (`dotnet OpenAI.Emulator.dll`), not through `dotnet run`:
# stopping `dotnet run` leaves the server it started running, while this process can be stopped by id.

function Get-OAITestRepoRoot {
    [CmdletBinding()]
    param()
    $dir = Split-Path -Parent $MyInvocation.MyCommand.ScriptBlock.File
    while ($dir -and -not (Test-Path -LiteralPath (Join-Path $dir 'OpenAI.PowerShell.sln'))) {
        $dir = Split-Path -Parent $dir
    }
    if (-not $dir) { throw 'OpenAI.PowerShell.sln was not found above tests/Pester.' }
    $dir
}

function Get-OAIFreeTcpPort {
    [CmdletBinding()]
    param()
    $listener = New-Object System.Net.Sockets.TcpListener ([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

function Test-OAITcpPort {
    [CmdletBinding()]
    param([Parameter(Mandatory)][int]$Port)
    $client = New-Object System.Net.Sockets.TcpClient
    try {
        $client.ConnectAsync('127.0.0.1', $Port).Wait(500) -and $client.Connected
    }
    catch { $false }
    finally { $client.Close() }
}

function Get-OAIEmulatorDll {
    # The built emulator: of the given configuration, or else the newest build of any configuration.
    # Builds it (Release, or the given configuration) when there is none.
    [CmdletBinding()]
    param([string]$Configuration = $env:OAI_CONFIGURATION)
    $project = Join-Path (Get-OAITestRepoRoot) 'tests/OpenAI.Emulator'
    $bin = Join-Path $project 'bin'
    $find = {
        $where = if ($Configuration) { Join-Path $bin $Configuration } else { $bin }
        if (Test-Path -LiteralPath $where) {
            Get-ChildItem -LiteralPath $where -Filter 'OpenAI.Emulator.dll' -Recurse -File |
                Where-Object { $_.FullName -notmatch '[\\/](publish|ref|obj)[\\/]' } |
                Sort-Object LastWriteTimeUtc -Descending | Select-Object -First 1
        }
    }
    $dll = & $find
    if (-not $dll) {
        if (-not $Configuration) { $Configuration = 'Release' }
        Write-Host "Building the emulator ($Configuration)..."
        & dotnet build $project -c $Configuration --nologo -v quiet | Out-Host
        if ($LASTEXITCODE -ne 0) { throw "dotnet build of the emulator failed with exit code $LASTEXITCODE." }
        $dll = & $find
        if (-not $dll) { throw "OpenAI.Emulator.dll not found under $bin after the build." }
    }
    $dll
}

function Start-OAITestEmulator {
    <#
    .SYNOPSIS
    Starts the emulator on a free loopback port and waits until it accepts connections.
    .PARAMETER BandwidthMbps
    Caps each connection at this many megabits per second (the emulator's --bandwidth-mbps); 0, the default, for no cap.
    .PARAMETER LatencyMs
    Adds this many milliseconds before each request is handled (the emulator's --latency-ms); 0, the default, for none.
    .OUTPUTS
    An object with BaseUri, Port, ApiKey (plain), SecureKey, Process and the log paths; pass it to Stop-OAITestEmulator.
    #>
    [CmdletBinding()]
    param(
        [string]$ApiKey = 'sk-pester-0123456789abcd',
        [string]$Configuration = $env:OAI_CONFIGURATION,
        [int]$TimeoutSec = 60,
        [double]$BandwidthMbps = 0,
        [int]$LatencyMs = 0
    )
    $dll = Get-OAIEmulatorDll -Configuration $Configuration
    $port = Get-OAIFreeTcpPort
    $stamp = [guid]::NewGuid().ToString('N')
    $temp = [System.IO.Path]::GetTempPath()
    $storage = Join-Path $temp "oai-emulator-$stamp"
    $stdout = Join-Path $temp "oai-emulator-$stamp.out.log"
    $stderr = Join-Path $temp "oai-emulator-$stamp.err.log"
    New-Item -ItemType Directory -Path $storage -Force | Out-Null

    # Start-Process joins ArgumentList with spaces, so paths are quoted here.
    $arguments = @("`"$($dll.FullName)`"", '--port', $port, '--key', $ApiKey, '--storage', "`"$storage`"")
    if ($BandwidthMbps -gt 0) {
        $arguments += @('--bandwidth-mbps', $BandwidthMbps.ToString([System.Globalization.CultureInfo]::InvariantCulture))
    }
    if ($LatencyMs -gt 0) {
        $arguments += @('--latency-ms', $LatencyMs.ToString([System.Globalization.CultureInfo]::InvariantCulture))
    }
    $process = Start-Process -FilePath 'dotnet' -ArgumentList $arguments -NoNewWindow -PassThru `
        -RedirectStandardOutput $stdout -RedirectStandardError $stderr
    $emulator = [pscustomobject]@{
        BaseUri   = "http://127.0.0.1:$port/v1"
        Port      = $port
        ApiKey    = $ApiKey
        SecureKey = ConvertTo-SecureString -String $ApiKey -AsPlainText -Force
        Process   = $process
        Storage   = $storage
        StdOut    = $stdout
        StdErr    = $stderr
    }

    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
    while ($true) {
        $log = Get-Content -LiteralPath $stdout -Raw -ErrorAction SilentlyContinue
        if ($log -match 'OpenAI emulator listening on (\S+)') {
            $emulator.BaseUri = $Matches[1]
            break
        }
        if (Test-OAITcpPort -Port $port) { break }
        if ($process.HasExited) {
            $errors = Get-Content -LiteralPath $stderr -Raw -ErrorAction SilentlyContinue
            Stop-OAITestEmulator -Emulator $emulator
            throw "The emulator exited with code $($process.ExitCode) before listening. $log $errors"
        }
        if ([DateTime]::UtcNow -gt $deadline) {
            Stop-OAITestEmulator -Emulator $emulator
            throw "The emulator did not listen on port $port within $TimeoutSec s. $log"
        }
        Start-Sleep -Milliseconds 200
    }
    Write-Verbose "Emulator (pid $($process.Id)) listening on $($emulator.BaseUri)"
    $emulator
}

function Stop-OAITestEmulator {
    [CmdletBinding()]
    param([Parameter(ValueFromPipeline)][AllowNull()][object]$Emulator)
    process {
        if (-not $Emulator) { return }
        $process = $Emulator.Process
        if ($process -and -not $process.HasExited) {
            Stop-Process -Id $process.Id -Force -ErrorAction SilentlyContinue
            [void]$process.WaitForExit(10000)
        }
        foreach ($path in @($Emulator.Storage, $Emulator.StdOut, $Emulator.StdErr)) {
            if ($path -and (Test-Path -LiteralPath $path)) {
                Remove-Item -LiteralPath $path -Recurse -Force -ErrorAction SilentlyContinue
            }
        }
    }
}

function Import-OAITestModule {
    # Imports the packaged module folder that the build lays out (or $env:OAI_MODULE_PATH).
    [CmdletBinding()]
    param([string]$Path = $env:OAI_MODULE_PATH)
    if (-not $Path) {
        $Path = Join-Path (Get-OAITestRepoRoot) 'out/OpenAI.PowerShell/OpenAI.PowerShell.psd1'
    }
    if (-not (Test-Path -LiteralPath $Path)) {
        throw "The packaged module is missing at $Path. Build it first: dotnet build -c Release"
    }
    Import-Module -Name $Path -Force -Global -PassThru -ErrorAction Stop
}

function Invoke-OAIChildPowerShell {
    # Runs the running PowerShell in a fresh process with these arguments (after -NoProfile -NonInteractive):
    # `dotnet pwsh.dll` under the local tool, pwsh, or powershell.exe in Windows PowerShell 5.1.
    [CmdletBinding()]
    param([Parameter(ValueFromRemainingArguments)][string[]]$ArgumentList)
    $dll = Join-Path $PSHOME 'pwsh.dll'
    if ($PSVersionTable.PSEdition -eq 'Core' -and (Test-Path -LiteralPath $dll)) {
        & dotnet $dll -NoProfile -NonInteractive @ArgumentList
    }
    elseif ($PSVersionTable.PSEdition -eq 'Core') {
        & (Join-Path $PSHOME 'pwsh') -NoProfile -NonInteractive @ArgumentList
    }
    else {
        & (Join-Path $PSHOME 'powershell.exe') -NoProfile -NonInteractive -ExecutionPolicy Bypass @ArgumentList
    }
}

function New-OAITestFile {
    <#
    .SYNOPSIS
    Writes a JSONL file of exactly -Bytes bytes that passes the module's check for purpose batch
    (with -FineTune, for fine-tune). Every line differs, so parts in the wrong order change the md5.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)][string]$Path,
        [Parameter(Mandatory)][long]$Bytes,
        [switch]$FineTune
    )
    $format = if ($FineTune) {
        '{{"messages":[{{"role":"user","content":"q{0:D9}"}},{{"role":"assistant","content":"{1}"}}]}}'
    } else {
        '{{"custom_id":"r{0:D9}","method":"POST","url":"/v1/chat/completions","body":{{"input":"{1}"}}}}'
    }
    # The shortest line (no padding) with its newline; the last line is padded to end exactly at -Bytes.
    $fixed = ($format -f 1, '').Length + 1
    if ($Bytes -gt 0 -and $Bytes -lt $fixed) { throw "A valid JSONL test file needs at least $fixed bytes." }
    $encoding = New-Object System.Text.UTF8Encoding $false
    $stream = [System.IO.File]::Create($Path)
    try {
        $remaining = $Bytes
        $line = 0
        $builder = New-Object System.Text.StringBuilder
        while ($remaining -gt 0) {
            $line++
            $size = if ($remaining -ge 4000 + $fixed) { 4000 } else { [int]$remaining }
            [void]$builder.Append(($format -f $line, ('x' * ($size - $fixed)))).Append("`n")
            $remaining -= $size
            if ($builder.Length -ge 1MB -or $remaining -eq 0) {
                $chunk = $encoding.GetBytes($builder.ToString())
                $stream.Write($chunk, 0, $chunk.Length)
                [void]$builder.Clear()
            }
        }
    }
    finally { $stream.Dispose() }
    Get-Item -LiteralPath $Path
}

function Get-OAICrc32([byte[]]$Bytes) {
    # CRC-32 (PNG chunk CRC), bit by bit; Int64 keeps every value positive in 5.1 and 7.
    $crc = 0xFFFFFFFFL
    foreach ($b in $Bytes) {
        $crc = $crc -bxor $b
        for ($k = 0; $k -lt 8; $k++) {
            if ($crc -band 1) { $crc = 0xEDB88320L -bxor ($crc -shr 1) } else { $crc = $crc -shr 1 }
        }
    }
    $crc -bxor 0xFFFFFFFFL
}

function ConvertTo-OAIBigEndian([long]$Value) {
    [byte[]]@((($Value -shr 24) -band 0xFF), (($Value -shr 16) -band 0xFF), (($Value -shr 8) -band 0xFF), ($Value -band 0xFF))
}

function New-OAITestPng {
    # A valid all-zero PNG: RGBA (colour type 6, has alpha) or RGB (2), 8 bits per channel.
    param([Parameter(Mandatory)][string]$Path, [int]$Width = 64, [int]$Height = 64, [switch]$NoAlpha)
    $channels = if ($NoAlpha) { 3 } else { 4 }
    $raw = New-Object byte[] ((1 + $Width * $channels) * $Height)   # each row: filter byte 0, then pixels

    # zlib = 2-byte header + raw deflate + Adler-32 (DeflateStream exists in 5.1; ZLibStream only in 7).
    $deflated = New-Object System.IO.MemoryStream
    $deflate = New-Object System.IO.Compression.DeflateStream($deflated, [System.IO.Compression.CompressionMode]::Compress, $true)
    $deflate.Write($raw, 0, $raw.Length)
    $deflate.Dispose()
    $a = 1L; $b = 0L
    foreach ($x in $raw) { $a = ($a + $x) % 65521; $b = ($b + $a) % 65521 }
    $idat = [byte[]](@(0x78, 0x01) + $deflated.ToArray() + (ConvertTo-OAIBigEndian (($b -shl 16) -bor $a)))

    $ihdr = [byte[]]((ConvertTo-OAIBigEndian $Width) + (ConvertTo-OAIBigEndian $Height) + @(8, $(if ($NoAlpha) { 2 } else { 6 }), 0, 0, 0))
    $png = New-Object System.IO.MemoryStream
    $signature = [byte[]](0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A)
    $png.Write($signature, 0, 8)
    foreach ($chunk in @(@('IHDR', $ihdr), @('IDAT', $idat), @('IEND', [byte[]]@()))) {
        $typeAndData = [byte[]]([System.Text.Encoding]::ASCII.GetBytes($chunk[0]) + $chunk[1])
        $bytes = [byte[]]((ConvertTo-OAIBigEndian $chunk[1].Length) + $typeAndData + (ConvertTo-OAIBigEndian (Get-OAICrc32 $typeAndData)))
        $png.Write($bytes, 0, $bytes.Length)
    }
    [System.IO.File]::WriteAllBytes($Path, $png.ToArray())
    Get-Item -LiteralPath $Path
}

function Test-OAIPngFile([string]$Path) {
    $head = [System.IO.File]::ReadAllBytes($Path)[0..7]
    ($head -join ',') -eq '137,80,78,71,13,10,26,10'
}

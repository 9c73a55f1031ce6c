#Requires -Version 5.1
# Pester 5: Send-OAIFile through the packaged module (out/OpenAI.PowerShell) against the emulator:
# parallel parts with md5, files piped in, -WhatIf, a stop part way through (as Ctrl+C does) with and
# without -KeepOnFailure, -Resume, and the refusals of a resume that cannot go on.
# Run: ./tests/Pester/Run.ps1   (or ./build.ps1 -Task Test)

BeforeAll {
    . (Join-Path $PSScriptRoot 'Emulator.ps1')
    # The same module file is imported again into the runspaces that the stop tests run Send-OAIFile in.
    $ModulePath = if ($env:OAI_MODULE_PATH) { $env:OAI_MODULE_PATH } else { Join-Path (Get-OAITestRepoRoot) 'out/OpenAI.PowerShell/OpenAI.PowerShell.psd1' }
    Import-OAITestModule -Path $ModulePath | Out-Null
    $Emulator = Start-OAITestEmulator
    $Conn = @{ BaseUri = $Emulator.BaseUri; ApiKey = $Emulator.SecureKey }
    # A second emulator caps each connection at 16 Mbit/s (2 MB/s), so a 1 MiB part takes about half a
    # second and a run of 6 parts, one at a time, can be stopped part way through.
    $Slow = Start-OAITestEmulator -BandwidthMbps 16
    $SlowConn = @{ BaseUri = $Slow.BaseUri; ApiKey = $Slow.SecureKey }
    # Nothing listens here: a command that sends anything to it fails with OpenAI.ConnectionFailed.
    $Dead = @{ BaseUri = "http://127.0.0.1:$(Get-OAIFreeTcpPort)/v1"; ApiKey = $Emulator.SecureKey; MaxRetries = 0 }
    $Work = Join-Path ([System.IO.Path]::GetTempPath()) ('oai-pester-send-' + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $Work | Out-Null

    function Get-ErrorRecord([scriptblock]$Command) {
        # Runs the command with -ErrorAction Stop semantics and returns the ErrorRecord it failed with.
        try {
            $ErrorActionPreference = 'Stop'
            & $Command | Out-Null
        }
        catch { return $_ }
        $null
    }

    function Split-VerboseOutput([object[]]$Records) {
        # Separates the output of `... -Verbose 4>&1` into objects and the verbose text.
        [pscustomobject]@{
            Output  = @($Records | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
            Verbose = @($Records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object { $_.Message })
        }
    }

    # Resume records go to the per-user state folder; the tests keep theirs in a folder of their own.
    $env:OPENAI_POWERSHELL_STATE_DIR = Join-Path $Work 'state'
    function Get-RecordPath([System.IO.FileInfo]$File) {
        # The documented name: <file name>.<first 16 hex digits of the SHA-256 of its full path>.json in the state folder.
        $key = if ($IsWindows -or $PSVersionTable.PSEdition -eq 'Desktop') { $File.FullName.ToUpperInvariant() } else { $File.FullName }
        $sha = [System.Security.Cryptography.SHA256]::Create()
        try { $hash = -join ($sha.ComputeHash([System.Text.Encoding]::UTF8.GetBytes($key)) | ForEach-Object { $_.ToString('x2') }) }
        finally { $sha.Dispose() }
        Join-Path $env:OPENAI_POWERSHELL_STATE_DIR ('{0}.{1}.json' -f $File.Name, $hash.Substring(0, 16))
    }

    function Read-ResumeRecord([string]$Path) {
        # Opens the record with every sharing mode, so that the cmdlet can still rename a newer record
        # over it while the test reads (on Windows a plain read would make that rename fail).
        try {
            $stream = New-Object System.IO.FileStream -ArgumentList $Path, ([System.IO.FileMode]::Open), ([System.IO.FileAccess]::Read), ([System.IO.FileShare]'ReadWrite, Delete')
        }
        catch { return $null }
        try {
            $reader = New-Object System.IO.StreamReader -ArgumentList $stream
            $reader.ReadToEnd() | ConvertFrom-Json
        }
        catch { $null }
        finally { $stream.Dispose() }
    }

    function Get-PartCount($Record) { @($Record.parts | Where-Object { $_ }).Count }

    function Write-ResumeRecord {
        # Writes a resume record by hand, with the camelCase fields of ResumeState, describing -File as it is now.
        param(
            [Parameter(Mandatory)][System.IO.FileInfo]$File,
            [Parameter(Mandatory)][string]$Path,
            [DateTimeOffset]$ExpiresAt = [DateTimeOffset]::UtcNow.AddHours(1)
        )
        $File.Refresh()
        $invariant = [System.Globalization.CultureInfo]::InvariantCulture
        $record = [ordered]@{
            version          = 1
            uploadId         = 'upload_pester_handwritten'
            filePath         = $File.FullName
            fileLength       = $File.Length
            lastWriteTimeUtc = $File.LastWriteTimeUtc.ToString('o', $invariant)
            partSize         = 1MB
            purpose          = 'batch'
            expiresAt        = $ExpiresAt.ToUniversalTime().ToString('o', $invariant)
            parts            = @()
        }
        [System.IO.File]::WriteAllText($Path, (ConvertTo-Json -InputObject $record -Depth 5), (New-Object System.Text.UTF8Encoding $false))
    }

    function Start-BackgroundSend([hashtable]$Parameters) {
        # Runs Send-OAIFile in a runspace of its own. PowerShell.Stop() stops that pipeline the way
        # Ctrl+C stops a console's: the cmdlet's StopProcessing is called.
        $ps = [powershell]::Create()
        $script = 'param($ModulePath, $Parameters) Import-Module -Name $ModulePath -ErrorAction Stop; Send-OAIFile @Parameters'
        $null = $ps.AddScript($script).AddArgument($ModulePath).AddArgument($Parameters)
        [pscustomobject]@{ PowerShell = $ps; Handle = $ps.BeginInvoke() }
    }

    function Wait-ResumeRecordParts($Run, [string]$Path, [int]$Parts, [int]$TimeoutSec = 60) {
        # Waits until the record lists at least -Parts finished parts, and returns it.
        $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
        while ([DateTime]::UtcNow -lt $deadline) {
            if ($Run.Handle.IsCompleted) {
                $errors = @($Run.PowerShell.Streams.Error | ForEach-Object { "$_" }) -join '; '
                throw "Send-OAIFile ended before it could be stopped. $errors $($Run.PowerShell.InvocationStateInfo.Reason)"
            }
            $record = Read-ResumeRecord $Path
            if ($record -and (Get-PartCount $record) -ge $Parts) { return $record }
            Start-Sleep -Milliseconds 50
        }
        throw "The resume record at $Path did not list $Parts part(s) within $TimeoutSec s."
    }

    function Stop-BackgroundSend($Run) {
        # Stops the run as Ctrl+C would and returns how long stopping took.
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $Run.PowerShell.Stop()
        $watch.Stop()
        $watch.Elapsed
    }

    function Get-EmulatorUpload($Server, [string]$Id) {
        # The emulator's own GET /v1/uploads/{id} (not in OpenAI's API) shows an upload's status.
        Invoke-RestMethod -Uri "$($Server.BaseUri)/uploads/$Id" -Headers @{ Authorization = "Bearer $($Server.ApiKey)" }
    }
}

AfterAll {
    Remove-Item Env:OPENAI_POWERSHELL_STATE_DIR -ErrorAction SilentlyContinue
    Stop-OAITestEmulator -Emulator $Emulator
    Stop-OAITestEmulator -Emulator $Slow
    if ($Work -and (Test-Path -LiteralPath $Work)) {
        Remove-Item -LiteralPath $Work -Recurse -Force -ErrorAction SilentlyContinue
    }
}

Describe 'Send-OAIFile' {
    It 'sends a 5 MB file in parallel parts with its md5 and leaves no resume record' {
        $size = 5MB + 12345
        $file = New-OAITestFile -Path (Join-Path $Work 'five.jsonl') -Bytes $size
        $md5 = (Get-FileHash -LiteralPath $file.FullName -Algorithm MD5).Hash

        $result = Split-VerboseOutput @(Send-OAIFile -Path $file.FullName -Purpose batch -PartSize 1MB -ThrottleLimit 4 @Conn -Verbose 4>&1)

        $result.Output.Count | Should -Be 1
        $upload = $result.Output[0]
        $upload.PSObject.TypeNames[0] | Should -Be 'OpenAI.PowerShell.Model.Upload'
        $upload.Status | Should -Be 'completed'
        $upload.FileName | Should -Be 'five.jsonl'
        $upload.File | Should -Not -BeNullOrEmpty
        $upload.File.Bytes | Should -Be $size
        # 6 parts (5 of 1 MiB and the remainder), completed with the md5 the emulator checked against the bytes it joined.
        ($result.Verbose -join "`n") | Should -Match "with 6 parts and md5 $md5"
        Test-Path -LiteralPath (Get-RecordPath $file) | Should -BeFalse
    }

    It 'sends each file piped in from Get-ChildItem as its own upload' {
        $dir = Join-Path $Work 'shards'
        New-Item -ItemType Directory -Path $dir | Out-Null
        $sizes = @{}
        foreach ($n in 1..3) {
            $shard = New-OAITestFile -Path (Join-Path $dir "shard$n.jsonl") -Bytes (300KB * $n + 17)
            $sizes[$shard.Name] = $shard.Length
        }

        $uploads = @(Get-ChildItem -LiteralPath $dir -Filter '*.jsonl' | Send-OAIFile -Purpose batch -PartSize 256KB @Conn)

        $uploads.Count | Should -Be 3
        (@($uploads | ForEach-Object { $_.FileName } | Sort-Object) -join ',') | Should -Be 'shard1.jsonl,shard2.jsonl,shard3.jsonl'
        @($uploads | ForEach-Object { $_.Id } | Select-Object -Unique).Count | Should -Be 3
        foreach ($upload in $uploads) {
            $upload.Status | Should -Be 'completed'
            $upload.File.Bytes | Should -Be $sizes[$upload.FileName]
        }
        @(Get-ChildItem -LiteralPath $dir -Filter '*.json').Count | Should -Be 0
        @(Get-ChildItem -LiteralPath $env:OPENAI_POWERSHELL_STATE_DIR -Filter 'shard*.json' -ErrorAction SilentlyContinue).Count | Should -Be 0
    }

    It 'sends nothing, needs no key and writes no resume record with -WhatIf' {
        $file = New-OAITestFile -Path (Join-Path $Work 'whatif.jsonl') -Bytes (3MB)
        # Anything sent to $Dead's address would fail, and -ErrorAction Stop would turn that into a throw.
        $result = Send-OAIFile -LiteralPath $file.FullName -Purpose batch -PartSize 1MB -BaseUri $Dead.BaseUri -MaxRetries 0 -WhatIf -ErrorAction Stop
        $result | Should -BeNullOrEmpty
        Test-Path -LiteralPath (Get-RecordPath $file) | Should -BeFalse
    }

    It 'refuses -StatePath for more than one file (OpenAI.InvalidRequest)' {
        $a = New-OAITestFile -Path (Join-Path $Work 'state-a.jsonl') -Bytes 1000
        $b = New-OAITestFile -Path (Join-Path $Work 'state-b.jsonl') -Bytes 1000
        $err = Get-ErrorRecord { Send-OAIFile -LiteralPath $a.FullName, $b.FullName -Purpose batch -StatePath (Join-Path $Work 'one.json') @Dead }
        $err.FullyQualifiedErrorId | Should -BeLike 'OpenAI.InvalidRequest*'
    }
}

Describe 'Send-OAIFile stopped part way through, and -Resume' {
    It 'keeps the upload and its record when stopped with -KeepOnFailure; -Resume sends only the missing parts' {
        # Enough parts that a stop delayed by a loaded machine still comes before the last one.
        $parts = 12
        $size = $parts * 1MB
        $file = New-OAITestFile -Path (Join-Path $Work 'resume.jsonl') -Bytes $size
        $recordPath = Get-RecordPath $file
        $md5 = (Get-FileHash -LiteralPath $file.FullName -Algorithm MD5).Hash

        $run = Start-BackgroundSend @{
            LiteralPath = $file.FullName; Purpose = 'batch'; PartSize = 1MB; ThrottleLimit = 1; KeepOnFailure = $true
            BaseUri = $Slow.BaseUri; ApiKey = $Slow.SecureKey
        }
        try {
            Wait-ResumeRecordParts -Run $run -Path $recordPath -Parts 1 | Out-Null
            $stopping = Stop-BackgroundSend $run
            $progress = @($run.PowerShell.Streams.Progress)
        }
        finally { $run.PowerShell.Dispose() }

        # The engine tests hold the 1 s bound exactly; this allows for the runspace around it.
        $stopping.TotalSeconds | Should -BeLessThan 2
        # Progress reached the pipeline as records with the rate and the parts done of the total.
        @($progress | Where-Object { $_.StatusDescription -match ' (B|KiB|MiB|GiB)/s' -and $_.StatusDescription -match "\d+/$parts parts" }).Count |
            Should -BeGreaterThan 0

        # The record stays, lists the finished parts and holds no secret; the upload stays pending.
        Test-Path -LiteralPath $recordPath | Should -BeTrue
        $raw = [System.IO.File]::ReadAllText($recordPath)
        $raw | Should -Not -Match ([regex]::Escape($Slow.ApiKey))
        $raw | Should -Not -Match 'Bearer'
        $record = $raw | ConvertFrom-Json
        $record.filePath | Should -Be $file.FullName
        $record.fileLength | Should -Be $size
        $record.partSize | Should -Be 1MB
        $done = Get-PartCount $record
        $done | Should -BeGreaterOrEqual 1
        $done | Should -BeLessThan $parts
        (Get-EmulatorUpload $Slow $record.uploadId).status | Should -Be 'pending'

        $result = Split-VerboseOutput @(Send-OAIFile -LiteralPath $file.FullName -Purpose batch -Resume -KeepOnFailure @SlowConn -Verbose 4>&1)

        $result.Output.Count | Should -Be 1
        $upload = $result.Output[0]
        $upload.Id | Should -Be $record.uploadId
        $upload.Status | Should -Be 'completed'
        $upload.File.Bytes | Should -Be $size
        $verbose = $result.Verbose -join "`n"
        $verbose | Should -Match "Resuming upload $([regex]::Escape($record.uploadId)): $done of $parts parts were already sent"
        # One request per missing part, and none for the parts the record lists.
        @($result.Verbose | Where-Object { $_ -match '/parts -> 200\b' }).Count | Should -Be ($parts - $done)
        # The md5 covers the whole file, the parts sent before the stop included, and the emulator checked it.
        $verbose | Should -Match "with $parts parts and md5 $md5"
        Test-Path -LiteralPath $recordPath | Should -BeFalse
    }

    It 'cancels the upload and deletes its record when stopped without -KeepOnFailure' {
        $file = New-OAITestFile -Path (Join-Path $Work 'cancel.jsonl') -Bytes (6MB)
        $recordPath = Get-RecordPath $file

        $run = Start-BackgroundSend @{
            LiteralPath = $file.FullName; Purpose = 'batch'; PartSize = 1MB; ThrottleLimit = 1
            BaseUri = $Slow.BaseUri; ApiKey = $Slow.SecureKey
        }
        try {
            $record = Wait-ResumeRecordParts -Run $run -Path $recordPath -Parts 1
            $stopping = Stop-BackgroundSend $run
        }
        finally { $run.PowerShell.Dispose() }

        # Stopping includes the cancel request, bounded by its own 10 s limit; here it is quick.
        $stopping.TotalSeconds | Should -BeLessThan 5
        Test-Path -LiteralPath $recordPath | Should -BeFalse
        (Get-EmulatorUpload $Slow $record.uploadId).status | Should -Be 'cancelled'
    }
}

Describe 'Send-OAIFile -Resume refusals' {
    # Each refusal comes before any request: $Dead would turn a request into OpenAI.ConnectionFailed.

    It 'fails with OpenAI.ResumeStateNotFound when there is no record' {
        $file = New-OAITestFile -Path (Join-Path $Work 'norecord.jsonl') -Bytes 2048
        $err = Get-ErrorRecord { Send-OAIFile -LiteralPath $file.FullName -Purpose batch -Resume @Dead }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -BeLike 'OpenAI.ResumeStateNotFound*'
        "$($err.CategoryInfo.Category)" | Should -Be 'ObjectNotFound'
    }

    It 'fails with OpenAI.ResumeStateUnreadable when the record is not JSON' {
        $file = New-OAITestFile -Path (Join-Path $Work 'garbled.jsonl') -Bytes 2048
        [System.IO.File]::WriteAllText((Get-RecordPath $file), '{ "uploadId": ')
        $err = Get-ErrorRecord { Send-OAIFile -LiteralPath $file.FullName -Purpose batch -Resume @Dead }
        $err.FullyQualifiedErrorId | Should -BeLike 'OpenAI.ResumeStateUnreadable*'
    }

    It 'refuses a file changed since its record was written (OpenAI.ResumeFileChanged) and keeps the record' {
        $file = New-OAITestFile -Path (Join-Path $Work 'changed.jsonl') -Bytes 4096
        $recordPath = Get-RecordPath $file
        Write-ResumeRecord -File $file -Path $recordPath
        [System.IO.File]::AppendAllText($file.FullName, "{`"custom_id`":`"added later`"}`n")

        $err = Get-ErrorRecord { Send-OAIFile -LiteralPath $file.FullName -Purpose batch -Resume @Dead }

        $err.FullyQualifiedErrorId | Should -BeLike 'OpenAI.ResumeFileChanged*'
        "$($err.CategoryInfo.Category)" | Should -Be 'InvalidData'
        Test-Path -LiteralPath $recordPath | Should -BeTrue
    }

    It 'reads the record from -StatePath, and refuses it when it describes another length' {
        $file = New-OAITestFile -Path (Join-Path $Work 'statepath.jsonl') -Bytes 4096
        $statePath = Join-Path $Work 'elsewhere.resume.json'
        Write-ResumeRecord -File $file -Path $statePath
        # Change the length in the record instead of the file.
        $json = [System.IO.File]::ReadAllText($statePath) -replace '"fileLength":\s*4096', '"fileLength": 4097'
        [System.IO.File]::WriteAllText($statePath, $json)

        $err = Get-ErrorRecord { Send-OAIFile -LiteralPath $file.FullName -Purpose batch -Resume -StatePath $statePath @Dead }
        $err.FullyQualifiedErrorId | Should -BeLike 'OpenAI.ResumeFileChanged*'
        Test-Path -LiteralPath (Get-RecordPath $file) | Should -BeFalse
    }

    It 'refuses an upload that has expired (OpenAI.UploadExpired)' {
        $file = New-OAITestFile -Path (Join-Path $Work 'expired.jsonl') -Bytes 4096
        # The record matches the file as it is, so only the expiry stops the resume.
        Write-ResumeRecord -File $file -Path (Get-RecordPath $file) -ExpiresAt ([DateTimeOffset]::UtcNow.AddMinutes(-5))
        $err = Get-ErrorRecord { Send-OAIFile -LiteralPath $file.FullName -Purpose batch -Resume @Dead }
        $err.FullyQualifiedErrorId | Should -BeLike 'OpenAI.UploadExpired*'
    }
}

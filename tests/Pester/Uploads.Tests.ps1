#Requires -Version 5.1
# Pester 5: the Uploads lifecycle through the packaged module (out/OpenAI.PowerShell) against the emulator.
# Run: ./tests/Pester/Run.ps1   (or ./build.ps1 -Task Test)

BeforeAll {
    . (Join-Path $PSScriptRoot 'Emulator.ps1')
    Import-OAITestModule | Out-Null
    $Emulator = Start-OAITestEmulator
    $Conn = @{ BaseUri = $Emulator.BaseUri; ApiKey = $Emulator.SecureKey }
    $Work = Join-Path ([System.IO.Path]::GetTempPath()) ('oai-pester-' + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $Work | Out-Null
    # Windows PowerShell 5.1 has no -AsByteStream; -Encoding Byte is its equivalent.
    $ByteStream = if ($PSVersionTable.PSVersion.Major -ge 6) { @{ AsByteStream = $true } } else { @{ Encoding = 'Byte' } }

    function Get-ErrorRecord([scriptblock]$Command) {
        # Runs the command with -ErrorAction Stop semantics and returns the ErrorRecord it failed with.
        try {
            $ErrorActionPreference = 'Stop'
            & $Command | Out-Null
        }
        catch { return $_ }
        $null
    }
}

AfterAll {
    if (Get-Command Set-OAIContext -ErrorAction SilentlyContinue) { Set-OAIContext -Reset -Confirm:$false }
    Stop-OAITestEmulator -Emulator $Emulator
    if ($Work -and (Test-Path -LiteralPath $Work)) {
        Remove-Item -LiteralPath $Work -Recurse -Force -ErrorAction SilentlyContinue
    }
}

Describe 'New-OAIUpload' {
    It 'infers FileName, Bytes and MimeType from -Path (.jsonl is text/jsonl)' {
        $file = New-OAITestFile -Path (Join-Path $Work 'infer.jsonl') -Bytes 12345
        # With -Verbose, ShouldProcess reports the action, which names the MIME type that is sent.
        $records = @(New-OAIUpload -Path $file.FullName -Purpose batch @Conn -Verbose 4>&1)
        $upload = @($records | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
        $verbose = ($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object { $_.Message }) -join "`n"

        $upload.Count | Should -Be 1
        $upload[0].PSObject.TypeNames[0] | Should -Be 'OpenAI.PowerShell.Model.Upload'
        $upload[0].FileName | Should -Be 'infer.jsonl'
        $upload[0].Bytes | Should -Be 12345
        $upload[0].Purpose | Should -Be 'batch'
        $upload[0].Status | Should -Be 'pending'
        $upload[0].Id | Should -Match '\S'
        $verbose | Should -Match '12\D?345 bytes, text/jsonl'
        Stop-OAIUpload -Upload $upload[0] @Conn -Confirm:$false | Out-Null
    }

    It 'takes a FileInfo from Get-Item through the pipeline' {
        $file = New-OAITestFile -Path (Join-Path $Work 'piped [1].jsonl') -Bytes 2048 -FineTune
        $upload = Get-Item -LiteralPath $file.FullName | New-OAIUpload -Purpose fine-tune @Conn
        $upload.FileName | Should -Be 'piped [1].jsonl'
        $upload.Bytes | Should -Be 2048
        $upload | Stop-OAIUpload @Conn -Confirm:$false | Out-Null
    }

    It 'returns nothing with -WhatIf, and needs no key for it' {
        $file = New-OAITestFile -Path (Join-Path $Work 'whatif.jsonl') -Bytes 100
        $result = New-OAIUpload -Path $file.FullName -Purpose batch -BaseUri $Emulator.BaseUri -WhatIf -ErrorAction Stop
        $result | Should -BeNullOrEmpty
    }

    It 'refuses an empty file before sending, with ErrorId OpenAI.EmptyFile' {
        $empty = Join-Path $Work 'empty.jsonl'
        [System.IO.File]::WriteAllBytes($empty, [byte[]]@())
        $err = Get-ErrorRecord { New-OAIUpload -Path $empty -Purpose batch @Conn }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -BeLike 'OpenAI.EmptyFile*'
    }
}

Describe 'Add-OAIUploadPart and Complete-OAIUpload' {
    It 'cuts piped byte chunks into -PartSize parts and completes with no part list' {
        $size = [long](3.5 * 1MB)
        $file = New-OAITestFile -Path (Join-Path $Work 'chunks.jsonl') -Bytes $size
        $upload = New-OAIUpload -Path $file.FullName -Purpose batch @Conn

        $parts = @(Get-Content -LiteralPath $file.FullName @ByteStream -ReadCount 256KB |
            Add-OAIUploadPart -Upload $upload -PartSize 1MB @Conn)

        ($parts | ForEach-Object { $_.PartNumber }) -join ',' | Should -Be '1,2,3,4'
        ($parts | ForEach-Object { $_.Offset }) -join ',' | Should -Be "0,$(1MB),$(2MB),$(3MB)"
        ($parts | ForEach-Object { $_.Length }) -join ',' | Should -Be "$(1MB),$(1MB),$(1MB),$(512KB)"
        ($parts | ForEach-Object { $_.UploadId } | Select-Object -Unique) | Should -Be $upload.Id

        # No part list: the session's parts, in order, with the md5 computed while they were sent.
        $done = Complete-OAIUpload -Upload $upload @Conn
        $done.Status | Should -Be 'completed'
        $done.File | Should -Not -BeNullOrEmpty
        $done.File.Bytes | Should -Be $size
        $done.File.FileName | Should -Be 'chunks.jsonl'
    }

    It 'completes from parts piped in out of order, after streaming a -Path' {
        $size = [long](2.5 * 1MB)
        $file = New-OAITestFile -Path (Join-Path $Work 'path.jsonl') -Bytes $size
        $upload = New-OAIUpload -Path $file.FullName -Purpose batch @Conn

        $parts = @(Add-OAIUploadPart -Upload $upload -Path $file.FullName -PartSize 1MB @Conn)
        $parts.Count | Should -Be 3

        $done = $parts | Sort-Object PartNumber -Descending | Complete-OAIUpload @Conn
        $done.Status | Should -Be 'completed'
        $done.File.Bytes | Should -Be $size
    }

    It 'runs the README flow: Add-OAIUploadPart -Path piped straight into Complete-OAIUpload, with the context' {
        $size = [long](2.5 * 1MB)
        $file = New-OAITestFile -Path (Join-Path $Work 'readme.jsonl') -Bytes $size
        Set-OAIContext -BaseUri $Emulator.BaseUri -ApiKey $Emulator.SecureKey -Confirm:$false
        try {
            $u = New-OAIUpload -Path $file.FullName -Purpose batch
            $done = @(Add-OAIUploadPart -Upload $u -Path $file.FullName -PartSize 1MB | Complete-OAIUpload)
        }
        finally { Set-OAIContext -Reset -Confirm:$false }

        # One completed upload, not one result (or error) per piped part.
        $done.Count | Should -Be 1
        $done[0].Id | Should -Be $u.Id
        $done[0].Status | Should -Be 'completed'
        $done[0].File.Bytes | Should -Be $size
    }

    It 'completes by -UploadId with -PartId and an -Md5 that the server checks' {
        $size = [long](1.5 * 1MB)
        $file = New-OAITestFile -Path (Join-Path $Work 'md5.jsonl') -Bytes $size
        $md5 = (Get-FileHash -LiteralPath $file.FullName -Algorithm MD5).Hash
        $upload = New-OAIUpload -Path $file.FullName -Purpose batch @Conn
        # Parts of a file go out in parallel and are written as they finish: order them for -PartId.
        $partIds = @(Add-OAIUploadPart -UploadId $upload.Id -Path $file.FullName -PartSize 1MB @Conn | Sort-Object PartNumber | ForEach-Object { $_.Id })
        $partIds.Count | Should -Be 2

        # A wrong md5 is refused by the server, so a match means the assembled bytes are the file's.
        $wrong = Get-ErrorRecord { Complete-OAIUpload -UploadId $upload.Id -PartId $partIds -Md5 ('0' * 32) @Conn }
        $wrong.FullyQualifiedErrorId | Should -BeLike 'OpenAI.InvalidRequest*'

        $done = Complete-OAIUpload -UploadId $upload.Id -PartId $partIds -Md5 $md5 @Conn
        $done.Status | Should -Be 'completed'
        $done.File.Bytes | Should -Be $size
    }

    It 'refuses more bytes than the upload declared, before sending (OpenAI.BytesExceedDeclared)' {
        $upload = New-OAIUpload -FileName 'small.jsonl' -Bytes 10 -Purpose batch @Conn
        $err = Get-ErrorRecord { Add-OAIUploadPart -Upload $upload -Data ([byte[]]::new(11)) @Conn }
        $err.FullyQualifiedErrorId | Should -BeLike 'OpenAI.BytesExceedDeclared*'
        Stop-OAIUpload -Upload $upload @Conn -Confirm:$false | Out-Null
    }
}

Describe 'Stop-OAIUpload' {
    It 'cancels an upload, after which no part can be added; it writes nothing without -PassThru' {
        $upload = New-OAIUpload -FileName 'cancel.jsonl' -Bytes 100 -Purpose batch @Conn
        @(Stop-OAIUpload -Upload $upload @Conn -Confirm:$false) | Should -BeNullOrEmpty

        # The session knows it cancelled the upload, so the part is refused before it is sent.
        $err = Get-ErrorRecord { Add-OAIUploadPart -Upload $upload -Data ([byte[]]::new(100)) -KeepOnFailure @Conn -WarningAction SilentlyContinue }
        $err.FullyQualifiedErrorId | Should -BeLike 'OpenAI.UploadClosed*'

        # A new session does not know, and the server refuses the part.
        Remove-Module OpenAI.PowerShell
        Import-OAITestModule | Out-Null
        $err = Get-ErrorRecord { Add-OAIUploadPart -UploadId $upload.Id -Data ([byte[]]::new(100)) -KeepOnFailure @Conn -WarningAction SilentlyContinue }
        $err.FullyQualifiedErrorId | Should -BeLike 'OpenAI.InvalidRequest*'
    }

    It 'writes the cancelled upload with -PassThru' {
        $upload = New-OAIUpload -FileName 'cancel.jsonl' -Bytes 100 -Purpose batch @Conn
        $cancelled = Stop-OAIUpload -Upload $upload -PassThru @Conn -Confirm:$false
        $cancelled.Id | Should -Be $upload.Id
        $cancelled.Status | Should -Be 'cancelled'
    }

    It 'cancels uploads piped in as Upload objects' {
        $uploads = @(1..2 | ForEach-Object { New-OAIUpload -FileName "obj$_.jsonl" -Bytes 100 -Purpose batch @Conn })
        $cancelled = @($uploads | Stop-OAIUpload -PassThru @Conn -Confirm:$false)
        (@($cancelled | ForEach-Object { $_.Id }) -join ',') | Should -Be (@($uploads | ForEach-Object { $_.Id }) -join ',')
        ($cancelled | ForEach-Object { $_.Status } | Select-Object -Unique) | Should -Be 'cancelled'
    }

    It 'refuses a piped object that is not an upload, without sending its text as an id' {
        # A FileInfo has no upload id. Coerced to a string it would become the id in the URL
        # (/uploads/<path>/cancel); the design forbids any coerced object from reaching a URL.
        $file = New-OAITestFile -Path (Join-Path $Work 'not-an-upload.jsonl') -Bytes 200
        $records = @(Get-Item -LiteralPath $file.FullName |
            Stop-OAIUpload @Conn -MaxRetries 0 -Confirm:$false -Verbose -ErrorVariable failures -ErrorAction SilentlyContinue 4>&1)
        $requests = @($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -match '/cancel' })

        @($records | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }) | Should -BeNullOrEmpty
        $failures.Count | Should -BeGreaterThan 0
        ($requests | ForEach-Object { $_.Message }) -join "`n" | Should -BeNullOrEmpty
    }

    It 'cancels uploads piped in as ids' {
        $ids = 1..2 | ForEach-Object { (New-OAIUpload -FileName "id$_.jsonl" -Bytes 100 -Purpose batch @Conn).Id }
        $cancelled = @($ids | Stop-OAIUpload -PassThru @Conn -Confirm:$false)
        $cancelled.Count | Should -Be 2
        ($cancelled | ForEach-Object { $_.Status } | Select-Object -Unique) | Should -Be 'cancelled'
    }
}

Describe 'Keys, errors and the session context' {
    AfterEach { Set-OAIContext -Reset -Confirm:$false }

    It 'a wrong key fails with ErrorId OpenAI.Unauthorized and the key is not in the error' {
        $badKey = 'sk-wrong-pester-key-9999'
        $bad = ConvertTo-SecureString -String $badKey -AsPlainText -Force
        $err = Get-ErrorRecord { New-OAIUpload -FileName 'x.jsonl' -Bytes 10 -Purpose batch -BaseUri $Emulator.BaseUri -ApiKey $bad -MaxRetries 0 }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -BeLike 'OpenAI.Unauthorized*'
        "$($err.CategoryInfo.Category)" | Should -Be 'AuthenticationError'
        ($err | Format-List * -Force | Out-String) + $err.Exception.ToString() | Should -Not -Match ([regex]::Escape($badKey))
    }

    It 'refuses plain http to a host that is not loopback, before sending' {
        $err = Get-ErrorRecord { New-OAIUpload -FileName 'x.jsonl' -Bytes 10 -Purpose batch -BaseUri 'http://api.example.invalid/v1' -ApiKey $Emulator.SecureKey }
        $err.FullyQualifiedErrorId | Should -BeLike 'OpenAI.UnencryptedAuthentication*'
    }

    It 'Get-OAIContext shows only the last 4 characters of the key' {
        Set-OAIContext -ApiKey $Emulator.SecureKey -BaseUri $Emulator.BaseUri -Confirm:$false
        $context = Get-OAIContext
        $last4 = $Emulator.ApiKey.Substring($Emulator.ApiKey.Length - 4)
        $context.ApiKeyHint | Should -Be "****$last4"
        "$($context.ApiKeySource)" | Should -Be 'Context'
        $shown = ($context | Out-String) + ($context | Format-List * -Force | Out-String) + "$context"
        $shown | Should -Not -Match ([regex]::Escape($Emulator.ApiKey))
        $shown | Should -Match ([regex]::Escape("****$last4"))
    }

    It 'uses the context key when no -ApiKey is given, and a per-call -ApiKey wins over it' {
        Set-OAIContext -ApiKey $Emulator.SecureKey -BaseUri $Emulator.BaseUri -Confirm:$false
        $fromContext = New-OAIUpload -FileName 'ctx.jsonl' -Bytes 10 -Purpose batch
        $fromContext.Status | Should -Be 'pending'
        $fromContext | Stop-OAIUpload -Confirm:$false | Out-Null

        $bad = ConvertTo-SecureString -String 'sk-not-the-emulator-key' -AsPlainText -Force
        $err = Get-ErrorRecord { New-OAIUpload -FileName 'ctx.jsonl' -Bytes 10 -Purpose batch -ApiKey $bad -MaxRetries 0 }
        $err.FullyQualifiedErrorId | Should -BeLike 'OpenAI.Unauthorized*'
    }
}

#Requires -Version 5.1
# Pester 5: the job after the upload (Files and Batches) through the packaged module against the emulator program.
# Run: ./tests/Pester/Run.ps1   (or ./build.ps1 -Task Test)

BeforeAll {
    . (Join-Path $PSScriptRoot 'Emulator.ps1')
    Import-OAITestModule | Out-Null
    $Emulator = Start-OAITestEmulator
    $Conn = @{ BaseUri = $Emulator.BaseUri; ApiKey = $Emulator.SecureKey }
    $Work = Join-Path ([System.IO.Path]::GetTempPath()) ('oai-pester-' + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $Work | Out-Null
    $Requests = Join-Path $Work 'requests.jsonl'
    $lines = 1..3 | ForEach-Object { '{"custom_id":"r' + $_ + '","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-5","messages":[{"role":"user","content":"hello ' + $_ + '"}]}}' }
    # UTF-8 without a byte order mark, in both editions: the JSONL check refuses a BOM.
    [System.IO.File]::WriteAllText($Requests, ($lines -join "`n") + "`n", [System.Text.UTF8Encoding]::new($false))
}

AfterAll {
    Stop-OAITestEmulator -Emulator $Emulator
    if ($Work -and (Test-Path -LiteralPath $Work)) {
        Remove-Item -LiteralPath $Work -Recurse -Force -ErrorAction SilentlyContinue
    }
}

Describe 'The batch pipeline' {
    It 'sends, starts, waits for and receives a batch in one pipeline, keeping the raw results' {
        $results = Join-Path $Work 'results'
        $received = @(Send-OAIFile -LiteralPath $Requests -Purpose batch @Conn |
            Start-OAIBatch @Conn | Wait-OAIBatch -PollInterval 1 @Conn | Receive-OAIBatch -Destination $results @Conn)

        $received.CustomId | Should -Be @('r1', 'r2', 'r3')
        $received | ForEach-Object { $_.Succeeded | Should -BeTrue }
        @(Get-ChildItem -LiteralPath $results).Count | Should -Be 1
    }

    It 'lists, saves and removes the Files a batch left, with -WhatIf deleting nothing' {
        $outputs = @(Get-OAIFile -Purpose batch_output @Conn)
        $outputs.Count | Should -BeGreaterThan 0
        $saved = $outputs[0] | Save-OAIFile -Destination (Join-Path $Work 'saved') @Conn
        $saved.Length | Should -Be $outputs[0].Bytes

        $outputs | Remove-OAIFile -WhatIf @Conn
        @(Get-OAIFile -Purpose batch_output @Conn).Count | Should -Be $outputs.Count
        $outputs | Remove-OAIFile -Confirm:$false @Conn
        @(Get-OAIFile -Purpose batch_output @Conn).Count | Should -Be 0
    }

    It 'refuses a File whose lines it has not read, with OpenAI.EndpointRequired, and takes -Endpoint for it' {
        # -SkipValidation sends the file unread, so the session does not know where its requests go.
        $sent = Send-OAIFile -LiteralPath $Requests -Purpose batch -SkipValidation @Conn
        $failure = $null
        try { $sent.FileId | Start-OAIBatch -ErrorAction Stop @Conn } catch { $failure = $_ }
        $failure.FullyQualifiedErrorId | Should -BeLike 'OpenAI.EndpointRequired,*'

        $batch = $sent | Start-OAIBatch -Endpoint /v1/chat/completions @Conn
        $batch.Endpoint | Should -Be '/v1/chat/completions'
    }
}

Describe 'Bulk image edits at half price' {
    BeforeAll {
        # A 64x64 RGBA PNG: what the checks before sending read, in both editions.
        $png = [Convert]::FromBase64String('iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAYAAACqaXHeAAAAZUlEQVR42u3QQREAAAQAMHFEFFErcjh7rMCiK+ezECBAgAABAgQIECBAgAABAgQIECBAgAABAgQIECBAgAABAgQIECBAgAABAgQIECBAgAABAgQIECBAgAABAgQIECBAgAABAu5b9l1yOyG8Se8AAAAASUVORK5CYII=')
        $Photos = Join-Path $Work 'photos'
        New-Item -ItemType Directory -Path $Photos | Out-Null
        'shoe', 'bag', 'hat' | ForEach-Object { [System.IO.File]::WriteAllBytes((Join-Path $Photos "$_.png"), $png) }
    }

    It 'turns a folder of photos into one batch and the batch back into images named after them' {
        $edited = Join-Path $Work 'edited'
        $images = @(Get-ChildItem -LiteralPath $Photos -Filter *.png |
            New-OAIImageEdit -Prompt 'Put the product on a white background' -AsBatch @Conn |
            Wait-OAIBatch -PollInterval 1 @Conn |
            Receive-OAIBatch -OutDirectory $edited -Remove @Conn)

        @($images.CustomId | Sort-Object) | Should -Be @('bag', 'hat', 'shoe')
        @($images.Source | Sort-Object) | Should -Be @('bag.png', 'hat.png', 'shoe.png')
        @(Get-ChildItem -LiteralPath $edited).Name | Sort-Object | Should -Be @('bag-0.png', 'hat-0.png', 'shoe-0.png')
        # -Remove took the photos' Files the run sent, found from the batch's own input file.
        @(Get-OAIFile -Purpose vision @Conn).Count | Should -Be 0
    }

    It 'sends nothing with -WhatIf' {
        $rows = 1..4 | ForEach-Object { [pscustomobject]@{ Path = (Join-Path $Photos 'shoe.png'); Prompt = "variant $_" } }
        $files = @(Get-OAIFile -Purpose vision @Conn).Count
        $batches = @(Get-OAIBatch @Conn).Count

        $rows | New-OAIImageEdit -AsBatch -WhatIf @Conn | Should -BeNullOrEmpty

        @(Get-OAIFile -Purpose vision @Conn).Count | Should -Be $files
        @(Get-OAIBatch @Conn).Count | Should -Be $batches
    }
}

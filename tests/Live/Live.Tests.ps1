#Requires -Version 5.1
# Pester 5, the live tier: a handful of real calls to the API with $env:OPENAI_API_KEY, costing cents,
# so the picture the emulator holds is checked against the world. Run with ./build.ps1 -Task LiveTest,
# which skips it, with one line, when no key is set. $env:OPENAI_BASE_URL points it elsewhere (the
# emulator, to try the tier itself).
#
# Every call goes through the module as a user makes it; only GET /models, which no cmdlet makes yet, is
# Invoke-RestMethod. The edit runs without -Model, so it fails if the module's default model is one the
# API no longer serves (as gpt-image-1.5 was from 2026-12-01).

BeforeAll {
    . (Join-Path $PSScriptRoot '../Pester/Emulator.ps1')
    Import-OAITestModule | Out-Null
    if ([string]::IsNullOrWhiteSpace($env:OPENAI_API_KEY)) { throw 'The live tier needs OPENAI_API_KEY.' }
    $BaseUri = if ($env:OPENAI_BASE_URL) { $env:OPENAI_BASE_URL.TrimEnd('/') } else { 'https://api.openai.com/v1' }
    $Work = Join-Path ([System.IO.Path]::GetTempPath()) ('oai-live-' + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $Work | Out-Null
    $Created = New-Object System.Collections.Generic.List[string]

    # Straight from the environment into the header, never into output (Windows PowerShell 5.1 has no -Token).
    function Invoke-Api([string]$Method, [string]$Path) {
        Invoke-RestMethod -Method $Method -Uri "$BaseUri/$Path" -Headers @{ Authorization = "Bearer $env:OPENAI_API_KEY" }
    }

    # The image model names the API lists for this key, as GET /models gives them.
    $Listed = @((Invoke-Api Get 'models').data.id | Where-Object { $_ -match '^(gpt-image|chatgpt-image|dall-e)' })

    # The image models the module knows, from what Tab offers: a shut-down one says so in its tooltip.
    $line = 'New-OAIImageEdit -Model '
    $completion = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches
    $Known = @($completion | ForEach-Object { $_.ListItemText })
    $Served = @($completion | Where-Object { $_.ToolTip -notmatch 'shut down' } | ForEach-Object { $_.ListItemText })
}

AfterAll {
    # Best effort: the File a test made is deleted, so the tier leaves nothing behind.
    foreach ($id in $Created) {
        try { Invoke-Api Delete "files/$id" | Out-Null }
        catch { Write-Host "Could not delete $id`: $($_.Exception.Message)" }
    }
    if ($Work -and (Test-Path -LiteralPath $Work)) { Remove-Item -LiteralPath $Work -Recurse -Force -ErrorAction SilentlyContinue }
}

Describe 'Uploads against the live API' {
    It 'creates an upload and cancels it' {
        $upload = New-OAIUpload -FileName 'live-check.jsonl' -Bytes 100 -Purpose batch -MimeType text/jsonl
        $upload.Status | Should -Be 'pending'

        $cancelled = Stop-OAIUpload -Upload $upload -PassThru -Confirm:$false

        $cancelled.Status | Should -Be 'cancelled'
    }

    It 'sends a small file with Send-OAIFile and gets a File of the same size' {
        $path = Join-Path $Work 'live-check.txt'
        [System.IO.File]::WriteAllText($path, "OpenAI.PowerShell live check`n")

        $done = Send-OAIFile -LiteralPath $path -Purpose user_data
        if ($done.File) { $Created.Add($done.File.Id) }

        $done.Status | Should -Be 'completed'
        $done.File.Bytes | Should -Be (Get-Item -LiteralPath $path).Length
    }
}

Describe 'Files and batches against the live API' {
    It 'starts a one-request batch from a checked file, reads it back, cancels it, and saves and removes its input' {
        $path = Join-Path $Work 'live-batch.jsonl'
        # One tiny embeddings request: the batch is cancelled before it runs, so it costs nothing.
        $line = '{"custom_id":"live-1","method":"POST","url":"/v1/embeddings","body":{"model":"text-embedding-3-small","input":"live check"}}'
        [System.IO.File]::WriteAllText($path, $line + "`n", [System.Text.UTF8Encoding]::new($false))

        $sent = Send-OAIFile -LiteralPath $path -Purpose batch
        if ($sent.File) { $Created.Add($sent.File.Id) }
        $batch = $sent | Start-OAIBatch -Metadata @{ source = 'OpenAI.PowerShell live tier' }
        $batch.Endpoint | Should -Be '/v1/embeddings'
        $batch.InputFileId | Should -Be $sent.FileId

        (Get-OAIBatch -BatchId $batch.Id).Metadata['source'] | Should -Be 'OpenAI.PowerShell live tier'
        $stopped = Stop-OAIBatch -BatchId $batch.Id -PassThru -Confirm:$false -ErrorVariable stopErrors -ErrorAction SilentlyContinue
        if ($stopErrors) {
            # Only a batch that ended before the cancel reached it may refuse it (a fast server can finish one line).
            (Get-OAIBatch -BatchId $batch.Id).IsTerminal | Should -BeTrue -Because ($stopErrors | Out-String)
        }
        else {
            $stopped.Status | Should -BeIn @('cancelling', 'cancelled')
        }

        (Get-OAIFile -FileId $sent.FileId).Bytes | Should -Be (Get-Item -LiteralPath $path).Length
        $saved = Save-OAIFile -FileId $sent.FileId -Destination (Join-Path $Work 'saved.jsonl')
        Get-Content -LiteralPath $saved.FullName -Raw | Should -Be ($line + "`n")

        Remove-OAIFile -FileId $sent.FileId -Confirm:$false
        $Created.Remove($sent.FileId) | Out-Null
    }

    It 'lists Files newest first, a page at a time, and stops asking once it has enough' {
        $first = @(Get-OAIFile | Select-Object -First 2)
        if ($first.Count -eq 2) { $first[0].CreatedAt | Should -BeGreaterOrEqual $first[1].CreatedAt }
    }
}

Describe 'Image edits against the live API' {
    It 'edits an image with the default model at low quality and a size only gpt-image-2 takes, with no warning' {
        $image = New-OAITestPng -Path (Join-Path $Work 'square.png') -Width 256 -Height 256 -NoAlpha
        $out = Join-Path $Work 'edited.png'

        # 1536x864 is no standard size: a module that judged the request by another model's rules refuses it.
        $edited = New-OAIImageEdit -Image $image.FullName -Prompt 'Draw a small red circle in the middle' -Quality low -Size 1536x864 `
            -OutFile $out -WarningVariable warnings -ErrorAction Stop

        $warnings | Should -BeNullOrEmpty
        $edited.Size | Should -Be '1536x864'
        $edited.Path | Should -Be $out
        Test-OAIPngFile $out | Should -BeTrue
    }
}

Describe 'Bulk image edits against the live API' {
    It 'sends an image as a File of purpose vision and starts a batch of it that passes validation' {
        # The API reference names no purpose for image inputs: this is where the default meets the world.
        $image = New-OAITestPng -Path (Join-Path $Work 'batch-square.png') -Width 256 -Height 256 -NoAlpha
        $batch = Get-Item -LiteralPath $image.FullName |
            New-OAIImageEdit -Prompt 'Draw a small red circle in the middle' -Quality low -Size 1024x1024 -AsBatch -ErrorAction Stop
        $inputs = @(Get-OAIFile -Purpose vision | Where-Object FileName -eq 'batch-square.png')
        $inputs | ForEach-Object { $Created.Add($_.Id) }
        $Created.Add($batch.InputFileId)
        $inputs.Count | Should -BeGreaterThan 0

        # Validation reads every line's file_id: a purpose the API refuses for image inputs fails the batch here.
        $deadline = (Get-Date).AddSeconds(90)
        do { Start-Sleep -Seconds 2; $now = Get-OAIBatch -BatchId $batch.Id } while ($now.Status -eq 'validating' -and (Get-Date) -lt $deadline)
        $now.Status | Should -Not -Be 'failed' -Because (($now.Errors | Out-String) + ' (the batch failed validation)')
        if (-not $now.IsTerminal) { Stop-OAIBatch -BatchId $batch.Id -Confirm:$false -ErrorAction SilentlyContinue | Out-Null }
    }
}

# Azure OpenAI v1, when a resource is named: AZURE_OPENAI_ENDPOINT (https://RESOURCE.openai.azure.com/),
# AZURE_OPENAI_API_KEY, and AZURE_OPENAI_IMAGE_DEPLOYMENT for an edit (a deployment of gpt-image-2).
Describe 'Azure OpenAI v1 against a live resource' -Skip:([string]::IsNullOrWhiteSpace($env:AZURE_OPENAI_ENDPOINT)) {
    BeforeAll {
        # -ApiType says it for an endpoint whose host is no Azure one (a gateway; the emulator when the tier is tried).
        $Azure = @{ BaseUri = $env:AZURE_OPENAI_ENDPOINT; ApiType = 'Azure'; ApiKey = (ConvertTo-SecureString $env:AZURE_OPENAI_API_KEY -AsPlainText -Force) }
    }

    It 'lists Files with the key in the api-key header' {
        $first = @(Get-OAIFile @Azure -ErrorAction Stop | Select-Object -First 2)
        if ($first.Count -eq 2) { $first[0].CreatedAt | Should -BeGreaterOrEqual $first[1].CreatedAt }
    }

    It 'edits an image through a deployment, with the rules of the model it serves' -Skip:([string]::IsNullOrWhiteSpace($env:AZURE_OPENAI_IMAGE_DEPLOYMENT)) {
        $image = New-OAITestPng -Path (Join-Path $Work 'azure-square.png') -Width 256 -Height 256 -NoAlpha
        $out = Join-Path $Work 'azure-edited.png'

        $edited = New-OAIImageEdit @Azure -Image $image.FullName -Prompt 'Draw a small red circle in the middle' -Quality low -Size 1024x1024 `
            -Model $env:AZURE_OPENAI_IMAGE_DEPLOYMENT -ModelRules gpt-image-2 -OutFile $out -ErrorAction Stop

        $edited.Path | Should -Be $out
        Test-OAIPngFile $out | Should -BeTrue
    }
}

Describe 'The image models the module knows, against GET /models' {
    It 'sends by default a model the API lists' {
        # What-if text goes to the host, not to a stream; a transcript is where a script can read it.
        $image = New-OAITestPng -Path (Join-Path $Work 'whatif.png')
        $transcript = Join-Path $Work 'whatif.txt'
        Start-Transcript -LiteralPath $transcript | Out-Null
        try { New-OAIImageEdit -Image $image.FullName -Prompt p -WhatIf }
        finally { Stop-Transcript | Out-Null }
        $default = [regex]::Match((Get-Content -LiteralPath $transcript -Raw), 'image with (\S+),').Groups[1].Value
        $default | Should -Not -BeNullOrEmpty
        $Listed | Should -Contain $default
    }

    It 'finds every model it treats as served in the list' {
        @($Served | Where-Object { $Listed -notcontains $_ }) | Should -BeNullOrEmpty -Because 'a model the module offers first must be one the API serves'
    }

    It 'knows every image model the API lists' {
        @($Listed | Where-Object { $Known -notcontains $_ }) | Should -BeNullOrEmpty -Because 'a new image model needs its rules in the module''s table'
    }

    It 'finds no model it knows as shut down in the list' {
        @($Known | Where-Object { $Served -notcontains $_ -and $Listed -contains $_ }) | Should -BeNullOrEmpty -Because 'a listed model the module warns about has the wrong shutdown date'
    }
}

#Requires -Version 5.1
# Pester 5: New-OAIImageEdit through the packaged module (out/OpenAI.PowerShell) against the emulator.
# Run: ./tests/Pester/Run.ps1   (or ./build.ps1 -Task Test)

BeforeAll {
    . (Join-Path $PSScriptRoot 'Emulator.ps1')
    Import-OAITestModule | Out-Null
    $Emulator = Start-OAITestEmulator
    $Conn = @{ BaseUri = $Emulator.BaseUri; ApiKey = $Emulator.SecureKey }
    $Work = Join-Path ([System.IO.Path]::GetTempPath()) ('oai-pester-img-' + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $Work | Out-Null
}

AfterAll {
    Stop-OAITestEmulator -Emulator $Emulator
    if ($Work -and (Test-Path -LiteralPath $Work)) {
        Remove-Item -LiteralPath $Work -Recurse -Force -ErrorAction SilentlyContinue
    }
}

Describe 'New-OAIImageEdit' {
    # Pester 5 expands <name> in a test name from test data, so the name spells the pattern out.
    It 'edits with the default model and saves each result to -OutDirectory as stem-index.png' {
        $image = New-OAITestPng -Path (Join-Path $Work 'otter.png')
        $out = Join-Path $Work 'out-dalle'

        $results = @(New-OAIImageEdit -Image $image.FullName -Prompt 'add a beret' -N 2 -OutDirectory $out @Conn -Confirm:$false)

        $results.Count | Should -Be 2
        $results[0].PSObject.TypeNames[0] | Should -Be 'OpenAI.PowerShell.Model.EditedImage'
        (@($results | ForEach-Object { Split-Path -Leaf $_.Path }) -join ',') | Should -Be 'otter-0.png,otter-1.png'
        $results | ForEach-Object { Test-OAIPngFile $_.Path | Should -BeTrue }
        # Only the two images: no temp file is left behind.
        @(Get-ChildItem -LiteralPath $out -Force).Count | Should -Be 2
    }

    It 'edits each piped file in its own request and reports a bad one without stopping' {
        $batch = Join-Path $Work 'batch'
        New-Item -ItemType Directory -Path $batch | Out-Null
        New-OAITestPng -Path (Join-Path $batch 'a.png') | Out-Null
        Set-Content -LiteralPath (Join-Path $batch 'b.png') -Value 'not an image'
        New-OAITestPng -Path (Join-Path $batch 'c.png') | Out-Null
        $out = Join-Path $Work 'out-batch'

        $results = @(Get-ChildItem -LiteralPath $batch -Filter *.png | Sort-Object Name |
            New-OAIImageEdit -Prompt 'add a beret' -OutDirectory $out @Conn `
                -ErrorVariable failures -ErrorAction SilentlyContinue)

        (@($results | ForEach-Object { Split-Path -Leaf $_.Path }) -join ',') | Should -Be 'a-0.png,c-0.png'
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'OpenAI.UnsupportedImageType,*'
        $failures[0].TargetObject | Should -BeLike '*b.png'
    }

    It 'sends nothing with -WhatIf, and needs no key for it' {
        $image = New-OAITestPng -Path (Join-Path $Work 'whatif.png')
        $out = Join-Path $Work 'out-whatif'
        # Nobody listens on this port: a request would fail with OpenAI.ConnectionFailed.
        $nowhere = "http://127.0.0.1:$(Get-OAIFreeTcpPort)/v1"
        $savedKey = $env:OPENAI_API_KEY
        try {
            $env:OPENAI_API_KEY = $null
            $result = New-OAIImageEdit -Image $image.FullName -Prompt 'add a beret' -OutDirectory $out `
                -BaseUri $nowhere -MaxRetries 0 -WhatIf -ErrorAction Stop
        }
        finally { $env:OPENAI_API_KEY = $savedKey }

        $result | Should -BeNullOrEmpty
        Test-Path -LiteralPath $out | Should -BeFalse
    }

    It 'never overwrites an existing output without -Force (OpenAI.OutputExists)' {
        $image = New-OAITestPng -Path (Join-Path $Work 'keep.png')
        $out = Join-Path $Work 'out-exists'
        New-Item -ItemType Directory -Path $out | Out-Null
        $existing = Join-Path $out 'keep-0.png'
        Set-Content -LiteralPath $existing -Value 'do not overwrite' -NoNewline

        $result = New-OAIImageEdit -Image $image.FullName -Prompt 'add a beret' -OutDirectory $out @Conn `
            -ErrorVariable failures -ErrorAction SilentlyContinue

        $result | Should -BeNullOrEmpty
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'OpenAI.OutputExists,*'
        Get-Content -LiteralPath $existing -Raw | Should -Be 'do not overwrite'

        $forced = New-OAIImageEdit -Image $image.FullName -Prompt 'add a beret' -OutDirectory $out -Force -PassThru @Conn
        $forced | Should -BeOfType System.IO.FileInfo
        Test-OAIPngFile $existing | Should -BeTrue
    }

    It 'edits an image sent with Send-OAIFile by the id of its File, with no second upload' {
        $image = New-OAITestPng -Path (Join-Path $Work 'photo.png')
        $out = Join-Path $Work 'out-upload'

        # -Verbose applies to New-OAIImageEdit only: its requests are the verbose lines ' -> <status>'.
        $records = @(Send-OAIFile -Path $image.FullName -Purpose vision @Conn |
            New-OAIImageEdit -Prompt 'make it a watercolour' -OutDirectory $out @Conn -Verbose 4>&1)
        $requests = @($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -match ' -> \d{3}\b' } |
            ForEach-Object { $_.Message })
        $result = @($records | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })

        # One edit request, by file id: the image is not uploaded again.
        $requests.Count | Should -Be 1
        $requests[0] | Should -Match '^POST \S+/images/edits -> 200\b'
        $result.Count | Should -Be 1
        $result = $result[0]
        Split-Path -Leaf $result.Path | Should -Be 'photo-0.png'
        Test-OAIPngFile $result.Path | Should -BeTrue
    }
}

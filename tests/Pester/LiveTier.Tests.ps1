#Requires -Version 5.1
# Pester 5: the live tier (tests/Live, ./build.ps1 -Task LiveTest) as this machine can run it. Without a key
# it calls nothing and says so in one line; pointed at the emulator through OPENAI_BASE_URL, every one of
# its tests runs and passes, so a broken live test is found here and not on the day the scheduled run needs it.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Emulator.ps1')
    $Root = Get-OAITestRepoRoot
    $Saved = @{ Key = $env:OPENAI_API_KEY; BaseUrl = $env:OPENAI_BASE_URL; Azure = $env:AZURE_OPENAI_ENDPOINT; AzureKey = $env:AZURE_OPENAI_API_KEY; Deployment = $env:AZURE_OPENAI_IMAGE_DEPLOYMENT }

    function Invoke-LiveTask {
        $arguments = @('-File', (Join-Path $Root 'build.ps1'), '-Task', 'LiveTest')
        if ($env:OAI_CONFIGURATION) { $arguments += @('-Configuration', $env:OAI_CONFIGURATION) }
        $lines = @(Invoke-OAIChildPowerShell @arguments 2>&1 | ForEach-Object { "$_" })
        [pscustomobject]@{ Lines = $lines; ExitCode = $LASTEXITCODE }
    }
}

AfterAll {
    $env:OPENAI_API_KEY = $Saved.Key
    $env:OPENAI_BASE_URL = $Saved.BaseUrl
    $env:AZURE_OPENAI_ENDPOINT = $Saved.Azure
    $env:AZURE_OPENAI_API_KEY = $Saved.AzureKey
    $env:AZURE_OPENAI_IMAGE_DEPLOYMENT = $Saved.Deployment
}

Describe 'The live tier' {
    It 'makes no call and says so in one line when OPENAI_API_KEY is not set' {
        $env:OPENAI_API_KEY = $null
        $env:OPENAI_BASE_URL = $null

        $run = Invoke-LiveTask

        $run.ExitCode | Should -Be 0
        @($run.Lines | Where-Object { $_ -like 'LiveTest skipped*' }) | Should -Be 'LiveTest skipped: OPENAI_API_KEY is not set, so no call was made to the API.'
        @($run.Lines | Where-Object { $_ -match 'Pester' }) | Should -BeNullOrEmpty
    }

    It 'runs every live test against the emulator, and they pass' {
        $emulator = Start-OAITestEmulator
        try {
            $env:OPENAI_API_KEY = $emulator.ApiKey
            $env:OPENAI_BASE_URL = $emulator.BaseUri
            # The Azure tests too, against the emulator's Azure mode.
            $env:AZURE_OPENAI_ENDPOINT = $emulator.BaseUri -replace '/v1$', '/openai/v1/'
            $env:AZURE_OPENAI_API_KEY = $emulator.ApiKey
            $env:AZURE_OPENAI_IMAGE_DEPLOYMENT = 'gpt-image-2'

            $run = Invoke-LiveTask
        }
        finally { Stop-OAITestEmulator -Emulator $emulator }

        $run.ExitCode | Should -Be 0 -Because ($run.Lines -join "`n")
        @($run.Lines | Where-Object { $_ -match '^\d+ passed, \d+ failed$' }) | Should -Match '^[1-9]\d* passed, 0 failed$'
        # None skipped: the Azure tests ran too, against the emulator's Azure mode.
        @($run.Lines | Where-Object { $_ -match '^Pester: ' }) | Should -Match '^Pester: [1-9]\d* passed, 0 failed, 0 skipped'
    }
}

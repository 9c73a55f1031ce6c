using OpenAI.Emulator;
using OpenAI.PowerShell.Hosted.Tests.Hosting;

namespace OpenAI.PowerShell.Hosted.Tests.Security;

/// <summary>
/// Runs the module's paths (success, server errors, retries, refusals) in real PowerShell with a
/// known key, then scans everything a user or a log could see for it: output rendered as text,
/// every stream, error records with their exceptions, the console and the emulator's request log.
/// </summary>
public sealed class SecretLeakTests : HostedTest
{
    private const string Key = "sk-canary-0123456789abcdefSECRET";

    protected override EmulatorOptions EmulatorOptions => new() { ApiKey = Key };

    [Fact]
    public void The_key_never_appears_in_output_streams_errors_console_or_requests()
    {
        CreateFile("a.bin", 2_000);
        Server.Faults.Enqueue(Fault.Http(500, "/parts"));
        Server.Faults.Enqueue(Fault.AbortRequest("/parts", 100));
        var result = Run("""
            $VerbosePreference = 'Continue'; $DebugPreference = 'Continue'
            $u = New-OAIUpload -Path ./a.bin -Purpose batch -MaxRetries 2
            Add-OAIUploadPart -Upload $u -Path ./a.bin -PartSize 1000 -MaxRetries 2 | Complete-OAIUpload
            $args[1].Invoke()   # the server now asks to wait 900 s
            New-OAIUpload -FileName b -Bytes 1 -Purpose batch -MaxRetries 2
            'upload_missing' | Stop-OAIUpload -Confirm:$false
            Stop-OAIUpload -UploadId $u.Id -ApiKey (ConvertTo-SecureString ('sk-wrong-' + $args[0]) -AsPlainText -Force) -Confirm:$false
            New-OAIUpload -FileName c -Bytes 1 -Purpose batch -BaseUri http://api.example.test/v1
            Get-OAIContext | Format-List * | Out-String
            Get-OAIContext | ConvertTo-Json
            $Error | ForEach-Object { $_ | Format-List * -Force | Out-String; $_.Exception.ToString() }
            """, Key, (Action)(() => Server.Faults.Enqueue(Fault.RateLimited("/uploads", TimeSpan.FromSeconds(900), "POST"))));

        var texts = new List<string> { result.HostText };
        texts.AddRange(result.Output.Select(o => o.ToString()));
        texts.AddRange(result.Verbose.Concat(result.Debug).Concat(result.Warnings).Concat(result.Information));
        texts.AddRange(result.AllErrors.Select(e => e.ToString() + e.Exception));
        texts.AddRange(Server.Requests.All.SelectMany(r => r.Headers.Values));

        Assert.NotEmpty(result.Verbose);
        Assert.Contains(result.Debug, d => d.Contains("[redacted]", StringComparison.Ordinal));
        Assert.Contains("OpenAI.RetryAfterTooLong", result.ErrorIds.Select(id => id.Split(',')[0]));
        Assert.Contains("OpenAI.Unauthorized", result.ErrorIds.Select(id => id.Split(',')[0]));
        Assert.Contains("OpenAI.UnencryptedAuthentication", result.ErrorIds.Select(id => id.Split(',')[0]));
        Assert.All(texts, t => Assert.DoesNotContain("canary-0123456789", t, StringComparison.Ordinal));
    }
}

using System.Net;
using System.Net.Sockets;
using OpenAI.PowerShell.Hosted.Tests.Hosting;

namespace OpenAI.PowerShell.Hosted.Tests.Commands;

/// <summary>
/// -Proxy per call and in the context. The emulator doubles as a forward proxy: Kestrel takes the
/// absolute-form request line a client sends to a proxy, so a call to a host that does not exist
/// (.invalid) succeeds only if it went through the proxy.
/// </summary>
public sealed class ProxyTests : HostedTest
{
    private const string Unreachable = "http://api.example.invalid/v1";

    private string ProxyUri => Server.BaseUri.GetLeftPart(UriPartial.Authority);

    /// <summary>A loopback port that nothing listens on: connections to it are refused.</summary>
    private static string RefusingProxy()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}";
    }

    [Fact]
    public void A_per_call_Proxy_carries_the_request()
    {
        var result = Run($"New-OAIUpload -FileName a.jsonl -Bytes 10 -Purpose batch -BaseUri {Unreachable} -AllowUnencryptedAuthentication -Proxy $args[0]", ProxyUri)
            .ThrowIfFailed();

        Assert.Equal("pending", result.Value<string>(0, "Status"));
        Assert.Equal(1, Requests("POST", "/uploads"));
    }

    [Fact]
    public void A_proxy_that_refuses_connections_is_named_in_the_error()
    {
        var proxy = RefusingProxy();

        var result = Run("New-OAIUpload -FileName a.jsonl -Bytes 10 -Purpose batch -MaxRetries 0 -Proxy $args[0] -BaseUri $args[1] -AllowUnencryptedAuthentication",
            proxy, Unreachable);

        var error = result.SingleError();
        Assert.Equal("OpenAI.ConnectionFailed,OpenAI.PowerShell.Commands.NewOAIUploadCommand", error.FullyQualifiedErrorId);
        Assert.Contains($"proxy '{proxy}'", error.Exception.Message, StringComparison.Ordinal);
        Assert.Empty(Server.Requests.All);
    }

    [Fact]
    public void The_context_proxy_is_used_until_it_is_cleared_with_null_or_empty()
    {
        var proxy = RefusingProxy();
        Run("Set-OAIContext -Proxy $args[0] -ProxyCredential ([pscredential]::new('proxy-user', (ConvertTo-SecureString 'not-a-real-password' -AsPlainText -Force)))", proxy)
            .ThrowIfFailed();
        Assert.Equal("proxy-user", Run("(Get-OAIContext).ProxyUser").ThrowIfFailed().Output[0].BaseObject);

        var refused = Run("New-OAIUpload -FileName a.jsonl -Bytes 10 -Purpose batch -MaxRetries 0 -BaseUri $args[0] -AllowUnencryptedAuthentication", Unreachable);
        Assert.Contains($"proxy '{proxy}'", refused.SingleError().Exception.Message, StringComparison.Ordinal);

        // A per-call proxy wins over the context's.
        Run("New-OAIUpload -FileName a.jsonl -Bytes 10 -Purpose batch -Proxy $args[0] -BaseUri $args[1] -AllowUnencryptedAuthentication", ProxyUri, Unreachable).ThrowIfFailed();

        foreach (var clear in new[] { "$null", "''" })
        {
            Run("Set-OAIContext -Proxy $args[0]", proxy).ThrowIfFailed();
            var context = Run($"Set-OAIContext -Proxy {clear}; Get-OAIContext").ThrowIfFailed();
            Assert.True(context.Output[0].Properties["Proxy"].Value is null, $"{clear}: {context.Output[0].Properties["Proxy"].Value?.GetType()} {context.Output[0].Properties["Proxy"].Value}");
            Assert.Null(context.Output[0].Properties["ProxyUser"].Value);
            Run("New-OAIUpload -FileName a.jsonl -Bytes 10 -Purpose batch").ThrowIfFailed();
        }
    }

    [Theory]
    [InlineData("New-OAIUpload -FileName a.jsonl -Bytes 10 -Purpose batch -Proxy 'proxy.contoso.com:8080'", "NewOAIUploadCommand")]
    [InlineData("Set-OAIContext -Proxy 'ftp://proxy.contoso.com'", "SetOAIContextCommand")]
    public void A_proxy_that_is_not_an_absolute_proxy_URL_is_refused(string script, string command)
    {
        var result = Run(script);

        Assert.Equal("OpenAI.InvalidProxy,OpenAI.PowerShell.Commands." + command, result.SingleError().FullyQualifiedErrorId);
        Assert.Empty(Server.Requests.All);
    }

    [Fact]
    public void SkipCertificateCheck_and_ProxyUseDefaultCredentials_are_taken_by_every_API_cmdlet()
    {
        var result = Run("""
            Get-Command -Module OpenAI.PowerShell | Where-Object { $_.ImplementingType.IsSubclassOf([OpenAI.PowerShell.Commands.OpenAIApiCmdlet]) } | ForEach-Object {
                $command = $_
                $missing = 'Proxy', 'ProxyCredential', 'ProxyUseDefaultCredentials', 'SkipCertificateCheck' | Where-Object { -not $command.Parameters.ContainsKey($_) }
                '{0} lacks [{1}]' -f $command.Name, ($missing -join ',')
            }
            (Get-Command -Module OpenAI.PowerShell).Count
            New-OAIUpload -FileName a.jsonl -Bytes 10 -Purpose batch -SkipCertificateCheck -ProxyUseDefaultCredentials
            """).ThrowIfFailed();

        var lines = result.Output.Where(o => o.BaseObject is string).Select(o => (string)o.BaseObject).ToList();
        // Every cmdlet but Set-OAIContext and Get-OAIContext talks to the API.
        Assert.Equal(Convert.ToInt32(result.Output[^2].BaseObject) - 2, lines.Count);
        Assert.All(lines, l => Assert.EndsWith("lacks []", l, StringComparison.Ordinal));
        Assert.Equal("pending", result.Output.Last().Properties["Status"].Value);
    }
}

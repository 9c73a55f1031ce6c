using System.Collections.Concurrent;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;

namespace OpenAI.PowerShell.Http;

/// <summary>
/// One HttpClient per configuration (origin, proxy and its credential, certificate checking),
/// kept for the session so that connections are reused across cmdlet calls and across the parts
/// of one upload.
/// </summary>
internal static class HttpClientPool
{
    private static readonly ConcurrentDictionary<string, HttpClient> Clients = new(StringComparer.Ordinal);

    public static HttpClient Get(ClientSettings settings) =>
        Clients.GetOrAdd(settings.BaseUri.GetLeftPart(UriPartial.Authority) + "|" + ConnectionKey(settings), _ => Create(settings));

    /// <summary>A client for downloads from URLs the API returns; it never carries the API key.</summary>
    public static HttpClient GetForDownloads(ClientSettings settings) =>
        Clients.GetOrAdd("download|" + ConnectionKey(settings), _ => Create(settings));

    /// <summary>
    /// Everything a handler is built from. The proxy password enters only as a hash, so two
    /// passwords for one user get two clients without the key holding the password.
    /// </summary>
    private static string ConnectionKey(ClientSettings settings) => string.Join("|",
        settings.Proxy?.AbsoluteUri ?? "",
        settings.ProxyCredential is { } credential ? credential.Domain + "\\" + credential.UserName + ":" + Hash(credential.Password) : "",
        settings.ProxyUseDefaultCredentials ? "default-credentials" : "",
        settings.SkipCertificateCheck ? "skip-certificate-check" : "");

    private static string Hash(string? value)
    {
        using var sha = SHA256.Create();
        return Convert.ToBase64String(sha.ComputeHash(Encoding.UTF8.GetBytes(value ?? "")));
    }

    private static HttpClient Create(ClientSettings settings)
    {
#if NET
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            MaxConnectionsPerServer = 64,
        };
        if (settings.SkipCertificateCheck)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }
#else
        var handler = new HttpClientHandler
        {
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            MaxConnectionsPerServer = 64,
        };
        if (settings.SkipCertificateCheck)
        {
            handler.ServerCertificateCustomValidationCallback = (_, _, _, _) => true;
        }
#endif
        if (settings.Proxy is { } proxy)
        {
            handler.Proxy = new WebProxy(proxy)
            {
                Credentials = settings.ProxyCredential,
                UseDefaultCredentials = settings.ProxyCredential is null && settings.ProxyUseDefaultCredentials,
            };
            handler.UseProxy = true;
        }
        else if (settings.ProxyUseDefaultCredentials)
        {
            // The system proxy, as Invoke-RestMethod -ProxyUseDefaultCredentials uses it.
            handler.DefaultProxyCredentials = CredentialCache.DefaultCredentials;
        }
        // Timeouts are applied per attempt by the client, not by HttpClient.
        return new HttpClient(handler, disposeHandler: true) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
    }
}

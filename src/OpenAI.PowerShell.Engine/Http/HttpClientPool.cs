using System.Collections.Concurrent;
using System.Net;
using System.Net.Http;

namespace OpenAI.PowerShell.Http;

/// <summary>
/// One HttpClient per configuration (origin and proxy), kept for the session so that
/// connections are reused across cmdlet calls and across the parts of one upload.
/// </summary>
internal static class HttpClientPool
{
    private static readonly ConcurrentDictionary<string, HttpClient> Clients = new(StringComparer.Ordinal);

    public static HttpClient Get(ClientSettings settings)
    {
        var key = string.Join("|",
            settings.BaseUri.GetLeftPart(UriPartial.Authority),
            settings.Proxy?.AbsoluteUri ?? "",
            settings.ProxyCredential?.UserName ?? "");
        return Clients.GetOrAdd(key, _ => Create(settings.Proxy, settings.ProxyCredential));
    }

    /// <summary>A client for downloads from URLs the API returns; it never carries the API key.</summary>
    public static HttpClient GetForDownloads(ClientSettings settings)
    {
        var key = "download|" + (settings.Proxy?.AbsoluteUri ?? "");
        return Clients.GetOrAdd(key, _ => Create(settings.Proxy, settings.ProxyCredential));
    }

    private static HttpClient Create(Uri? proxy, NetworkCredential? proxyCredential)
    {
        var webProxy = proxy is null ? null : new WebProxy(proxy) { Credentials = proxyCredential };
#if NET
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            MaxConnectionsPerServer = 64,
        };
#else
        var handler = new HttpClientHandler
        {
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            MaxConnectionsPerServer = 64,
        };
#endif
        if (webProxy is not null)
        {
            handler.Proxy = webProxy;
            handler.UseProxy = true;
        }
        // Timeouts are applied per attempt by the client, not by HttpClient.
        return new HttpClient(handler, disposeHandler: true) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
    }
}

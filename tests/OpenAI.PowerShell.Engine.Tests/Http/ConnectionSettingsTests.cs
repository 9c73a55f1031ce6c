using System.Net;
using OpenAI.PowerShell.Http;

namespace OpenAI.PowerShell.Engine.Tests.Http;

/// <summary>The per-call connection options: which proxy and credential win, and which HttpClient serves them.</summary>
public sealed class ConnectionSettingsTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;
    private static readonly Uri SessionProxy = new("http://proxy.session.test:8080");
    private static readonly Uri CallProxy = new("http://proxy.call.test:3128");

    private static ClientSettings Resolve(CallOverrides? call, SessionContext? session = null) =>
        SettingsResolver.Resolve(call, session ?? new SessionContext(), NoEnvironment);

    [Fact]
    public void A_per_call_proxy_wins_and_does_not_take_the_session_proxys_credential()
    {
        var session = new SessionContext { Proxy = SessionProxy, ProxyCredential = new NetworkCredential("session-user", "not-a-real-password") };

        var sessionOnly = Resolve(null, session);
        var perCall = Resolve(new CallOverrides { Proxy = CallProxy }, session);
        var perCallWithCredential = Resolve(new CallOverrides { Proxy = CallProxy, ProxyCredential = new NetworkCredential("call-user", "x") }, session);
        var credentialOnly = Resolve(new CallOverrides { ProxyCredential = new NetworkCredential("call-user", "x") }, session);

        Assert.Equal((SessionProxy, "session-user"), (sessionOnly.Proxy, sessionOnly.ProxyCredential?.UserName));
        Assert.Equal((CallProxy, (string?)null), (perCall.Proxy, perCall.ProxyCredential?.UserName));
        Assert.Equal((CallProxy, "call-user"), (perCallWithCredential.Proxy, perCallWithCredential.ProxyCredential?.UserName));
        Assert.Equal((SessionProxy, "call-user"), (credentialOnly.Proxy, credentialOnly.ProxyCredential?.UserName));
    }

    [Fact]
    public void AllowUnencryptedAuthentication_comes_from_the_call_or_the_session()
    {
        var plain = new SessionContext { BaseUri = new Uri("http://gateway.internal.test/v1"), ApiKey = ApiKey.From("sk-test") };

        Assert.Throws<OpenAIException>(() => SettingsResolver.EnsureSafeToSend(Resolve(null, plain)));
        SettingsResolver.EnsureSafeToSend(Resolve(new CallOverrides { AllowUnencryptedAuthentication = true }, plain));
        plain.AllowUnencryptedAuthentication = true;
        SettingsResolver.EnsureSafeToSend(Resolve(null, plain));
    }

    [Fact]
    public void The_pool_keys_clients_by_proxy_credential_and_certificate_checking()
    {
        var baseUri = new Uri("https://pool-keys.test/v1");
        System.Net.Http.HttpClient HttpClientFor(CallOverrides call) => HttpClientPool.Get(Resolve(call, new SessionContext { BaseUri = baseUri }));

        var plain = HttpClientFor(new CallOverrides());
        Assert.Same(plain, HttpClientFor(new CallOverrides()));
        Assert.NotSame(plain, HttpClientFor(new CallOverrides { SkipCertificateCheck = true }));
        Assert.NotSame(plain, HttpClientFor(new CallOverrides { Proxy = CallProxy }));
        Assert.NotSame(plain, HttpClientFor(new CallOverrides { ProxyUseDefaultCredentials = true }));
        var first = HttpClientFor(new CallOverrides { Proxy = CallProxy, ProxyCredential = new NetworkCredential("u", "one") });
        Assert.NotSame(first, HttpClientFor(new CallOverrides { Proxy = CallProxy, ProxyCredential = new NetworkCredential("u", "two") }));
        Assert.Same(first, HttpClientFor(new CallOverrides { Proxy = CallProxy, ProxyCredential = new NetworkCredential("u", "one") }));
    }
}

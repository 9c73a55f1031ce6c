using OpenAI.Emulator.Azure;

namespace OpenAI.Emulator;

/// <summary>An access token the emulator issued, and when it stops being accepted (whole seconds, on the emulator's clock).</summary>
public sealed record AzureToken(string AccessToken, DateTimeOffset ExpiresOn);

/// <summary>
/// The Azure OpenAI v1 side of the emulator (paths /openai/v1/... and /api/projects/{project}/openai/v1/...):
/// the Microsoft Entra ID stand-in tokens it accepts, and how many Azure requests came in with each credential.
/// </summary>
public sealed class AzureEmulation
{
    /// <summary>What a token lives when no lifetime is asked for: an hour, about what Entra ID gives.</summary>
    public static readonly TimeSpan DefaultTokenLifetime = TimeSpan.FromHours(1);

    private int _tokenRequests;
    private int _keyRequests;

    internal AzureEmulation(ManualClock clock) => Tokens = new AzureTokens(clock);

    /// <summary>Azure-path requests let in by a token the emulator issued.</summary>
    public int TokenRequests => Volatile.Read(ref _tokenRequests);

    /// <summary>Azure-path requests let in by the <c>api-key</c> header.</summary>
    public int KeyRequests => Volatile.Read(ref _keyRequests);

    internal AzureTokens Tokens { get; }

    /// <summary>A JWT-shaped token accepted as <c>Authorization: Bearer</c> on Azure paths until <paramref name="lifetime"/> has passed on the emulator's clock.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative lifetime.</exception>
    public AzureToken IssueToken(TimeSpan lifetime) => Tokens.Issue(lifetime);

    /// <summary>A token for <see cref="DefaultTokenLifetime"/>.</summary>
    public AzureToken IssueToken() => Tokens.Issue(DefaultTokenLifetime);

    /// <summary>Revokes every token issued so far (401 from now on, before their expiry); returns how many.</summary>
    public int RevokeAll() => Tokens.RevokeAll();

    internal void CountTokenRequest() => Interlocked.Increment(ref _tokenRequests);

    internal void CountKeyRequest() => Interlocked.Increment(ref _keyRequests);
}

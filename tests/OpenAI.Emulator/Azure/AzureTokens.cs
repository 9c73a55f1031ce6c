using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace OpenAI.Emulator.Azure;

/// <summary>
/// Stand-ins for Microsoft Entra ID access tokens. As Azure documents it, a client asks Entra ID for a
/// token of scope https://ai.azure.com/.default and sends it as <c>Authorization: Bearer</c>. These
/// are JWT-shaped (header <c>{"alg":"none","typ":"JWT"}</c>, a payload with aud, exp, iat and jti, and a
/// made-up signature) so a client can read <c>exp</c> as it reads a real token's; the emulator accepts
/// only the tokens it issued, until they expire on its clock or are revoked.
/// </summary>
internal sealed class AzureTokens(ManualClock clock)
{
    /// <summary>The audience a token for scope https://ai.azure.com/.default carries.</summary>
    public const string Audience = "https://ai.azure.com";

    private readonly object _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _live = new(StringComparer.Ordinal);

    public AzureToken Issue(TimeSpan lifetime)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lifetime, TimeSpan.Zero);
        var issuedAt = clock.UtcNow.ToUnixTimeSeconds();
        var expires = issuedAt + (long)Math.Ceiling(lifetime.TotalSeconds);
        var header = new JsonObject { ["alg"] = "none", ["typ"] = "JWT" };
        var payload = new JsonObject
        {
            ["aud"] = Audience,
            ["exp"] = expires,
            ["iat"] = issuedAt,
            ["jti"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
        };
        var token = $"{Segment(header)}.{Segment(payload)}.{Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32))}";
        var expiresOn = DateTimeOffset.FromUnixTimeSeconds(expires);
        lock (_gate)
        {
            _live[token] = expiresOn;
        }

        return new AzureToken(token, expiresOn);
    }

    /// <summary>True for a token issued here, not revoked, whose expiry the clock has not reached.</summary>
    public bool IsValid(string token)
    {
        lock (_gate)
        {
            return _live.TryGetValue(token, out var expiresOn) && clock.UtcNow < expiresOn;
        }
    }

    /// <summary>Revokes every token issued so far; returns how many there were.</summary>
    public int RevokeAll()
    {
        lock (_gate)
        {
            var count = _live.Count;
            _live.Clear();
            return count;
        }
    }

    private static string Segment(JsonObject json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json.ToJsonString()));
}

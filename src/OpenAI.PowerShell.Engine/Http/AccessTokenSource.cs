using System.Text;
using System.Text.Json;

namespace OpenAI.PowerShell.Http;

/// <summary>
/// A bearer token in place of a key, such as a Microsoft Entra ID token for Azure OpenAI: fixed, or
/// made by a provider (a script block the cmdlets run) that is asked again when the token is within
/// <see cref="RefreshBefore"/> of its expiry, and once more after a 401. The token is cached here, so
/// every command of a session shares it.
/// </summary>
internal sealed class AccessTokenSource
{
    /// <summary>Asked again this long before expiry, so a request never leaves with a token about to lapse.</summary>
    public static readonly TimeSpan RefreshBefore = TimeSpan.FromMinutes(5);

    private readonly object _gate = new();
    private ApiKey? _cached;
    private DateTimeOffset? _expiresAt;

    public AccessTokenSource(ApiKey token) => Fixed = token;

    /// <param name="provider">Opaque here; the cmdlets give the fetcher that runs it.</param>
    public AccessTokenSource(object provider) => Provider = provider;

    public ApiKey? Fixed { get; }
    public object? Provider { get; }
    public bool CanRefresh => Provider is not null;

    /// <summary>What Get-OAIContext shows: never the token.</summary>
    public string Describe => Provider is null ? "token" : "script block";

    /// <summary>When the cached token lapses, read from its exp claim; null when unknown (it is then used until a 401).</summary>
    public DateTimeOffset? ExpiresAt
    {
        get
        {
            lock (_gate)
            {
                return Provider is null && Fixed is not null ? ExpiryOf(Fixed.Reveal()) : _expiresAt;
            }
        }
    }

    public async Task<ApiKey> GetAsync(Func<object, CancellationToken, Task<ApiKey?>>? fetch, bool refresh, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (Fixed is not null)
        {
            return Fixed;
        }
        lock (_gate)
        {
            if (!refresh && _cached is not null && (_expiresAt is null || _expiresAt.Value - now > RefreshBefore))
            {
                return _cached;
            }
        }
        if (fetch is null)
        {
            throw Failed("the script block cannot be run from here.", null);
        }
        ApiKey? token;
        try
        {
            token = await fetch(Provider!, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OpenAIException)
        {
            throw Failed($"the script block failed: {ex.Message}", ex);
        }
        if (token is null)
        {
            throw Failed("the script block returned no token (it must return a SecureString or a string).", null);
        }
        lock (_gate)
        {
            _cached = token;
            _expiresAt = ExpiryOf(token.Reveal());
        }
        return token;
    }

    private static OpenAIException Failed(string why, Exception? inner) =>
        new(ErrorIds.AccessTokenFailed, "No access token: " + why, inner) { Target = "AccessToken" };

    /// <summary>The exp claim of a JWT (as Entra ID tokens are); null for a token that is not one.</summary>
    internal static DateTimeOffset? ExpiryOf(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }
        try
        {
            var payload = parts[1].Replace('-', '+').Replace('_', '/');
            payload = payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=');
            using var json = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload)));
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("exp", out var exp) && exp.TryGetInt64(out var seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException or ArgumentException)
        {
            return null;
        }
    }
}

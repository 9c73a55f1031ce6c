using OpenAI.Emulator.Azure;

namespace OpenAI.Emulator;

/// <summary>An access token the emulator issued, and when it stops being accepted (whole seconds, on the emulator's clock).</summary>
public sealed record AzureToken(string AccessToken, DateTimeOffset ExpiresOn);

/// <summary>
/// The Azure OpenAI v1 side of the emulator (paths /openai/v1/... and /api/projects/{project}/openai/v1/...):
/// the Microsoft Entra ID stand-in tokens it accepts, the deployments its <c>model</c> fields name, and how
/// many Azure requests came in with each credential.
/// </summary>
public sealed class AzureEmulation
{
    /// <summary>What a token lives when no lifetime is asked for: an hour, about what Entra ID gives.</summary>
    public static readonly TimeSpan DefaultTokenLifetime = TimeSpan.FromHours(1);

    private readonly AzureDeployments _deployments;
    private int _tokenRequests;
    private int _keyRequests;

    internal AzureEmulation(ManualClock clock, Func<DateOnly> today, IEnumerable<KeyValuePair<string, string>> deployments)
    {
        Tokens = new AzureTokens(clock);
        _deployments = new AzureDeployments(today);
        foreach (var (name, model) in deployments)
        {
            _deployments.Add(name, model);
        }
    }

    /// <summary>Azure-path requests let in by a token the emulator issued.</summary>
    public int TokenRequests => Volatile.Read(ref _tokenRequests);

    /// <summary>Azure-path requests let in by the <c>api-key</c> header.</summary>
    public int KeyRequests => Volatile.Read(ref _keyRequests);

    /// <summary>Deployments added under their own names (name → model); every image model served today is also a deployment of itself.</summary>
    public IReadOnlyDictionary<string, string> Deployments => _deployments.Added;

    internal AzureTokens Tokens { get; }

    /// <summary>A JWT-shaped token accepted as <c>Authorization: Bearer</c> on Azure paths until <paramref name="lifetime"/> has passed on the emulator's clock.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative lifetime.</exception>
    public AzureToken IssueToken(TimeSpan lifetime) => Tokens.Issue(lifetime);

    /// <summary>A token for <see cref="DefaultTokenLifetime"/>.</summary>
    public AzureToken IssueToken() => Tokens.Issue(DefaultTokenLifetime);

    /// <summary>Revokes every token issued so far (401 from now on, before their expiry); returns how many.</summary>
    public int RevokeAll() => Tokens.RevokeAll();

    /// <summary>A deployment named <paramref name="name"/> serving <paramref name="model"/> (checked with that model's rules); replaces one of the same name.</summary>
    /// <exception cref="ArgumentException">An empty name, or a model the emulator does not know.</exception>
    public void AddDeployment(string name, string model) => _deployments.Add(name, model);

    /// <summary>The model a deployment serves today, or null when there is no such deployment.</summary>
    public string? FindDeployment(string name) => _deployments.Find(name);

    /// <summary>The model behind an Azure request's <c>model</c>, or Azure's 404 DeploymentNotFound.</summary>
    internal string ResolveDeployment(string? model) => _deployments.Resolve(model);

    internal void CountTokenRequest() => Interlocked.Increment(ref _tokenRequests);

    internal void CountKeyRequest() => Interlocked.Increment(ref _keyRequests);
}

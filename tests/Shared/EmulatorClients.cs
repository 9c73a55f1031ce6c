using System.Security;
using OpenAI.Emulator;
using OpenAI.PowerShell.Http;

namespace OpenAI.PowerShell.TestSupport;

/// <summary>Clients pointed at an emulator, with a retry policy that records its waits instead of sleeping.</summary>
internal static class EmulatorClients
{
    public static ClientSettings Settings(EmulatorServer server, int maxRetries = 3, string? key = null) => new()
    {
        ApiKey = ApiKey.From(key ?? server.ApiKey),
        BaseUri = server.BaseUri,
        MaxRetries = maxRetries,
        Timeout = TimeSpan.FromSeconds(30),
    };

    public static RecordedRetry FastRetry(int maxRetries = 3) => new(maxRetries);

    public static OpenAIClient Client(EmulatorServer server, RecordedRetry? retry = null, IRequestLog? log = null, string? key = null)
    {
        retry ??= FastRetry();
        return new OpenAIClient(Settings(server, retry.Policy.MaxRetries, key), log, retry.Policy);
    }

    public static SecureString Secure(string value)
    {
        var secure = new SecureString();
        foreach (var c in value)
        {
            secure.AppendChar(c);
        }
        secure.MakeReadOnly();
        return secure;
    }
}

/// <summary>A retry policy whose waits are recorded and skipped.</summary>
internal sealed class RecordedRetry
{
    private readonly List<TimeSpan> _waits = new();

    public RecordedRetry(int maxRetries)
    {
        Policy = new RetryPolicy(maxRetries)
        {
            Jitter = () => 1.0,
            Delay = (wait, token) =>
            {
                lock (_waits)
                {
                    _waits.Add(wait);
                }
                return Task.CompletedTask;
            },
        };
    }

    public RetryPolicy Policy { get; }

    public IReadOnlyList<TimeSpan> Waits
    {
        get { lock (_waits) return _waits.ToList(); }
    }
}

/// <summary>Collects what the HTTP client logs.</summary>
internal sealed class ListLog : IRequestLog
{
    private readonly List<string> _lines = new();

    public IReadOnlyList<string> Lines
    {
        get { lock (_lines) return _lines.ToList(); }
    }

    public void Verbose(string message)
    {
        lock (_lines) _lines.Add("VERBOSE: " + message);
    }

    public void Debug(string message)
    {
        lock (_lines) _lines.Add("DEBUG: " + message);
    }
}

namespace OpenAI.PowerShell.Http;

/// <summary>Where the client reports what it sends. Implementations must be thread-safe.</summary>
internal interface IRequestLog
{
    void Verbose(string message);
    void Debug(string message);
}

internal sealed class NullRequestLog : IRequestLog
{
    public static readonly NullRequestLog Instance = new();
    public void Verbose(string message) { }
    public void Debug(string message) { }
}

using System.Net.Http;

namespace OpenAI.PowerShell.Engine.Tests.Http;

/// <summary>Answers each try with the next script step and keeps the headers each try carried.</summary>
internal sealed class ScriptedHandler(params Func<HttpRequestMessage, HttpResponseMessage>[] steps) : HttpMessageHandler
{
    private int _next;

    public List<Dictionary<string, string>> Seen { get; } = new();

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Seen.Add(request.Headers.ToDictionary(h => h.Key, h => string.Join(", ", h.Value)));
        return Task.FromResult(steps[Math.Min(_next++, steps.Length - 1)](request));
    }
}

using System.Collections.Concurrent;
using OpenAI.PowerShell.Hosting;
using OpenAI.PowerShell.Http;

namespace OpenAI.PowerShell.TestSupport;

/// <summary>The test side of the seam: records everything a command would show, and which thread it came from.</summary>
public sealed class RecordingHost : ICommandHost
{
    private readonly ConcurrentQueue<(string Kind, object Value, int ThreadId)> _events = new();
    private readonly CancellationTokenSource _cancellation = new();

    /// <summary>What ShouldProcess answers; false behaves like -WhatIf or a "No" at -Confirm.</summary>
    public bool ShouldProcessAnswer { get; set; } = true;

    public List<(string Target, string Action)> ShouldProcessCalls { get; } = new();

    public CancellationToken CancellationToken => _cancellation.Token;

    public void Cancel() => _cancellation.Cancel();

    public IReadOnlyList<object> Output => Of("output");
    public IReadOnlyList<string> Verbose => Of("verbose").Cast<string>().ToList();
    public IReadOnlyList<string> Debug => Of("debug").Cast<string>().ToList();
    public IReadOnlyList<string> Warnings => Of("warning").Cast<string>().ToList();
    public IReadOnlyList<OpenAIException> Errors => Of("error").Cast<OpenAIException>().ToList();
    public IReadOnlyList<ProgressInfo> Progress => Of("progress").Cast<ProgressInfo>().ToList();
    public IReadOnlyCollection<int> ThreadIds => _events.Select(e => e.ThreadId).Distinct().ToList();

    public IEnumerable<T> OutputOf<T>() => Output.OfType<T>();

    /// <summary>Every text the host received, for scanning (for example for a leaked key).</summary>
    public IEnumerable<string> AllText() => _events.Select(e => e.Value switch
    {
        OpenAIException ex => ex.ToString() + " " + ex.Message + " " + ex.InnerException,
        ProgressInfo p => p.Activity + " " + p.StatusDescription + " " + p.CurrentOperation,
        _ => e.Value?.ToString() ?? "",
    });

    public void WriteObject(object value) => Add("output", value);
    public void WriteVerbose(string message) => Add("verbose", message);
    public void WriteDebug(string message) => Add("debug", message);
    public void WriteWarning(string message) => Add("warning", message);
    public void WriteProgress(ProgressInfo progress) => Add("progress", progress);
    public void WriteError(OpenAIException error) => Add("error", error);

    public bool ShouldProcess(string target, string action)
    {
        lock (ShouldProcessCalls)
        {
            ShouldProcessCalls.Add((target, action));
        }
        return ShouldProcessAnswer;
    }

    private void Add(string kind, object value) => _events.Enqueue((kind, value, Environment.CurrentManagedThreadId));

    private IReadOnlyList<object> Of(string kind) => _events.Where(e => e.Kind == kind).Select(e => e.Value).ToList();
}

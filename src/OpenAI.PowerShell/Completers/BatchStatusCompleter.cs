using System.Collections;

namespace OpenAI.PowerShell.Completers;

/// <summary>The statuses a batch passes through (API reference, 2026-12); others still filter.</summary>
public sealed class BatchStatusCompleter : ListCompleter
{
    internal static readonly string[] Statuses =
        { "validating", "in_progress", "finalizing", "completed", "failed", "expired", "cancelling", "cancelled" };

    protected override IEnumerable<string> ValuesFor(string commandName, IDictionary? fakeBoundParameters) => Statuses;
}

/// <summary>The endpoints the Batch API takes.</summary>
public sealed class BatchEndpointCompleter : ListCompleter
{
    protected override IEnumerable<string> ValuesFor(string commandName, IDictionary? fakeBoundParameters) =>
        OpenAI.PowerShell.Uploads.BatchRules.Endpoints.OrderBy(e => e, StringComparer.Ordinal);
}

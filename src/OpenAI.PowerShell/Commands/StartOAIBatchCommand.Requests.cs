using System.IO;
using System.Text.Json;
using OpenAI.PowerShell.Batches;
using OpenAI.PowerShell.Binding;
using OpenAI.PowerShell.Errors;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Uploads;

namespace OpenAI.PowerShell.Commands;

/// <summary>
/// Request objects piped in: each is written as one JSONL line to a temp file as it arrives (never
/// held with the others), and the batches start once the input ends. A request that cannot be sent
/// ends the command before anything is sent, since a batch missing it would be a silent gap.
/// </summary>
public sealed partial class StartOAIBatchCommand
{
    private BatchChunkWriter? _requests;
    private readonly MemoryStream _line = new();
    private readonly HashSet<string> _customIds = new(StringComparer.Ordinal);
    private string? _requestsEndpoint;

    private Task AddRequestAsync()
    {
        try
        {
            AddRequest(InputObject!);
        }
        catch (OpenAIException error)
        {
            // Runs on the pipeline thread (nothing above awaits), where a terminating error may be thrown.
            _requests?.Dispose();
            _requests = null;
            ThrowTerminatingError(ErrorRecords.From(error));
        }
        return Task.CompletedTask;
    }

    private void AddRequest(object request)
    {
        _requests ??= new BatchChunkWriter("requests");
        var number = _requests.Requests + 1;
        var customId = Text(request, "custom_id", number);
        var url = JsonWriting.TryGet(request, "url", out var given) && given is not null ? Text(request, "url", number) : Endpoint
            ?? throw Refuse(number, "has no url, and no -Endpoint says where it goes");
        var method = JsonWriting.TryGet(request, "method", out var verb) && verb is not null ? Text(request, "method", number) : "POST";
        if (!JsonWriting.TryGet(request, "body", out var body) || body is null)
        {
            throw Refuse(number, "has no body");
        }
        if (method != "POST")
        {
            throw Refuse(number, $"has method '{method}'; the Batch API takes only POST", ErrorIds.InvalidBatchLine);
        }
        if (_requestsEndpoint is null)
        {
            BatchLimits.CheckEndpoint(url);
            _requestsEndpoint = url;
        }
        else if (url != _requestsEndpoint)
        {
            throw Refuse(number, $"goes to {url}, but the requests before it go to {_requestsEndpoint}; a batch sends every request to one endpoint", ErrorIds.MixedBatchUrl);
        }
        if (!_customIds.Add(customId))
        {
            throw Refuse(number, $"has custom_id '{customId}', which an earlier request has; each request needs its own", ErrorIds.DuplicateCustomId);
        }
        _line.SetLength(0);
        using (var writer = new Utf8JsonWriter(_line))
        {
            writer.WriteStartObject();
            writer.WriteString("custom_id", customId);
            writer.WriteString("method", method);
            writer.WriteString("url", url);
            writer.WritePropertyName("body");
            JsonWriting.Write(writer, body);
            writer.WriteEndObject();
        }
        _requests.Add(_line.GetBuffer(), (int)_line.Length);
    }

    private async Task EndRequestsAsync()
    {
        using var requests = _requests!;
        var parts = requests.Complete();
        if (parts.Count == 0)
        {
            throw new OpenAIException(ErrorIds.InvalidRequest, "No request was piped in, so no batch was started.");
        }
        // The lines were written here from the piped requests, each checked as it came; they are not read again.
        await StartChunksAsync("the piped requests", parts, _requestsEndpoint, checkLines: false).ConfigureAwait(false);
    }

    /// <summary>Ctrl+C or a failed record: the temp files go, as EndProcessing will not run.</summary>
    protected override void EndAfterStop() => _requests?.Dispose();

    private static string Text(object request, string name, long number)
    {
        if (!JsonWriting.TryGet(request, name, out var value) || value is null)
        {
            throw Refuse(number, $"has no {name}");
        }
        var text = (value is System.Management.Automation.PSObject pso ? pso.BaseObject : value) as string
            ?? throw Refuse(number, $"has a {name} that is not a string");
        return text.Length == 0 ? throw Refuse(number, $"has an empty {name}") : text;
    }

    private static OpenAIException Refuse(long number, string what, string errorId = ErrorIds.InvalidBatchLine) =>
        new(errorId, $"Request {number} {what}. Nothing was sent.") { Target = number };
}

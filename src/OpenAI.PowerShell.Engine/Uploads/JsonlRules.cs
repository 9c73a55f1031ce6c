using System.Text;
using System.Text.Json;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Model;

namespace OpenAI.PowerShell.Uploads;

/// <summary>Which documented file format a JSONL file is checked against.</summary>
public enum JsonlKind
{
    Batch,
    FineTune,
}

/// <summary>
/// What one line held at its top level: which known fields, the token type each value started with,
/// and the few strings the rules compare. Nested values are never kept, so a line costs no memory.
/// </summary>
internal sealed class LineFacts
{
    public const int CustomId = 0, Method = 1, Url = 2, Body = 3, Messages = 4, Input = 5, PreferredOutput = 6,
        NonPreferredOutput = 7, Prompt = 8, Completion = 9;

    public static readonly string[] Names =
        { "custom_id", "method", "url", "body", "messages", "input", "preferred_output", "non_preferred_output", "prompt", "completion" };

    private static readonly byte[][] Utf8Names = Names.Select(Encoding.UTF8.GetBytes).ToArray();

    /// <summary>The type of each field's value; None when the line has no such field.</summary>
    public readonly JsonTokenType[] Kinds = new JsonTokenType[Names.Length];
    public JsonTokenType Root;
    public string? CustomIdValue;
    public string? MethodValue;
    public string? UrlValue;
    private int _pending = -1;
    private readonly byte[]?[] _lastUtf8 = new byte[]?[Url + 1];
    private readonly string?[] _lastText = new string?[Url + 1];

    public void Reset()
    {
        Array.Clear(Kinds, 0, Kinds.Length);
        Root = JsonTokenType.None;
        CustomIdValue = MethodValue = UrlValue = null;
        _pending = -1;
    }

    /// <summary>Takes one token; only the top-level object's own fields are looked at.</summary>
    public void Observe(ref Utf8JsonReader reader)
    {
        var depth = reader.CurrentDepth;
        if (depth == 0)
        {
            if (Root == JsonTokenType.None)
            {
                Root = reader.TokenType;
            }
            return;
        }
        if (depth != 1 || Root != JsonTokenType.StartObject)
        {
            return;
        }
        var type = reader.TokenType;
        if (type == JsonTokenType.PropertyName)
        {
            _pending = Match(ref reader);
            return;
        }
        if (type is JsonTokenType.EndObject or JsonTokenType.EndArray || _pending < 0)
        {
            return;
        }
        Set(_pending, type, type == JsonTokenType.String && IsText(_pending) ? Text(ref reader, _pending) : null);
        _pending = -1;
    }

    /// <summary>
    /// A compared field's text. JSON may escape a lone surrogate ("\ud800"), which is no text at all:
    /// the reader throws InvalidOperationException for it, reported as the line's JSON problem.
    /// </summary>
    private static string Text(ref Utf8JsonReader reader, int field)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException ex)
        {
            throw new JsonException($"the value of '{Names[field]}' is not valid text: {ex.Message}", null, null, reader.TokenStartIndex);
        }
    }

    /// <summary>The fields whose text the rules compare; only theirs is kept.</summary>
    public static bool IsText(int field) => field is CustomId or Method or Url;

    /// <summary>A top-level field's value: its type, and its text when it is a string the rules compare.</summary>
    public void Set(int field, JsonTokenType type, string? text)
    {
        Kinds[field] = type;
        if (type != JsonTokenType.String)
        {
            return;
        }
        switch (field)
        {
            case CustomId: CustomIdValue = text; break;
            case Method: MethodValue = text; break;
            case Url: UrlValue = text; break;
        }
    }

    /// <summary>
    /// The text of a field the rules compare, from UTF-8 without escapes. Method and url repeat on
    /// every line, so their last text is reused rather than a string made per line.
    /// </summary>
    public string Text(int field, ReadOnlySpan<byte> utf8)
    {
        if (field != CustomId && _lastText[field] is { } last && utf8.SequenceEqual(_lastUtf8[field]))
        {
            return last;
        }
#if NET8_0_OR_GREATER
        var text = Encoding.UTF8.GetString(utf8);
#else
        var text = Encoding.UTF8.GetString(utf8.ToArray());
#endif
        if (field != CustomId)
        {
            _lastUtf8[field] = utf8.ToArray();
            _lastText[field] = text;
        }
        return text;
    }

    private static int Match(ref Utf8JsonReader reader)
    {
        for (var i = 0; i < Utf8Names.Length; i++)
        {
            if (reader.ValueTextEquals(Utf8Names[i]))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>A name as written, without escapes.</summary>
    public static int Match(ReadOnlySpan<byte> name)
    {
        for (var i = 0; i < Utf8Names.Length; i++)
        {
            if (name.SequenceEqual(Utf8Names[i]))
            {
                return i;
            }
        }
        return -1;
    }

    public static string Describe(JsonTokenType type) => type switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => type.ToString(),
    };
}

/// <summary>The rules of one file format, line by line.</summary>
internal interface IJsonlRules
{
    void CheckLine(LineFacts line, long number, JsonlProblems problems);
}

/// <summary>
/// The Batch API's input file. Each rule cites where the API documents it:
/// "The request input object" (openai-openapi BatchRequestInput; api-reference/batch/request-input)
/// and BatchCreateParams (openai-python src/openai/types/batch_create_params.py, openai-go batch.go).
/// </summary>
internal sealed class BatchRules : IJsonlRules
{
    /// <summary>BatchCreateParams.input_file_id: "The file can contain up to 50,000 requests".</summary>
    public const int MaxRequests = 50_000;

    /// <summary>
    /// BatchCreateParams.input_file_id: "can be up to 200 MB in size", read in binary units as the
    /// module reads "64 MB" and "8 GB" (UploadLimits): refusing 200 MiB would stop files the API may take.
    /// </summary>
    public const long MaxBytes = 200L * 1024 * 1024;

    /// <summary>
    /// BatchNewParamsEndpoint in openai/openai-go batch.go: "Any of "/v1/responses", "/v1/chat/completions",
    /// "/v1/embeddings", "/v1/completions", "/v1/moderations", "/v1/images/generations", "/v1/images/edits"";
    /// the newest generation of that file adds "/v1/videos". openai-python 1.x lists the first four.
    /// BatchRequestInput.url is "the OpenAI API relative URL", the same endpoint for every line.
    /// </summary>
    public static readonly IReadOnlyCollection<string> Endpoints = new HashSet<string>(StringComparer.Ordinal)
    {
        "/v1/responses", "/v1/chat/completions", "/v1/embeddings", "/v1/completions",
        "/v1/moderations", "/v1/images/generations", "/v1/images/edits", "/v1/videos",
    };

    private readonly Dictionary<string, long> _customIds = new(StringComparer.Ordinal);
    private string? _url;

    /// <summary>The first line's url: the endpoint of the whole file.</summary>
    public string? Endpoint => _url;
    private long _urlLine;
    private long _requests;

    public void CheckLine(LineFacts line, long number, JsonlProblems problems)
    {
        if (++_requests == MaxRequests + 1)
        {
            problems.Add(number, null, ErrorIds.BatchTooLarge, $"is request {ByteSize.Count(MaxRequests + 1)}; a batch file holds at most {ByteSize.Count(MaxRequests)} requests");
        }
        // BatchRequestInput.custom_id: "Must be unique for each request in a batch."
        if (RequireString(line, LineFacts.CustomId, number, problems) && line.CustomIdValue is { } id)
        {
            if (_customIds.TryGetValue(id, out var first))
            {
                problems.Add(number, "custom_id", ErrorIds.DuplicateCustomId, $"\"{Clip(id)}\" is already used on line {first}; each request needs its own custom_id");
            }
            else if (_customIds.Count <= MaxRequests)
            {
                // Past the limit the file is refused anyway; stop remembering so memory stays flat.
                _customIds[id] = number;
            }
        }
        // BatchRequestInput.method: "Currently only POST is supported."
        if (RequireString(line, LineFacts.Method, number, problems) && line.MethodValue != "POST")
        {
            problems.Add(number, "method", ErrorIds.InvalidBatchLine, $"is \"{Clip(line.MethodValue)}\"; the Batch API takes only \"POST\"");
        }
        if (RequireString(line, LineFacts.Url, number, problems) && line.UrlValue is { } url)
        {
            if (_url is null)
            {
                _url = url;
                _urlLine = number;
                if (!Endpoints.Contains(url))
                {
                    problems.Add(number, "url", ErrorIds.UnsupportedBatchUrl,
                        $"\"{Clip(url)}\" is not an endpoint the Batch API takes ({string.Join(", ", Endpoints)})");
                }
            }
            else if (!string.Equals(url, _url, StringComparison.Ordinal))
            {
                // BatchCreateParams.endpoint: "The endpoint to be used for all requests in the batch."
                problems.Add(number, "url", ErrorIds.MixedBatchUrl,
                    $"\"{Clip(url)}\" differs from \"{Clip(_url)}\" on line {_urlLine}; all requests in a batch go to one endpoint");
            }
        }
        // The request input object's example: "body" holds the request's JSON body.
        var body = line.Kinds[LineFacts.Body];
        if (body == JsonTokenType.None)
        {
            problems.Add(number, "body", ErrorIds.InvalidBatchLine, "is missing");
        }
        else if (body != JsonTokenType.StartObject)
        {
            problems.Add(number, "body", ErrorIds.InvalidBatchLine, $"must be an object, not {LineFacts.Describe(body)}");
        }
    }

    private static bool RequireString(LineFacts line, int field, long number, JsonlProblems problems)
    {
        var type = line.Kinds[field];
        if (type == JsonTokenType.String)
        {
            return true;
        }
        problems.Add(number, LineFacts.Names[field], ErrorIds.InvalidBatchLine,
            type == JsonTokenType.None ? "is missing" : $"must be a string, not {LineFacts.Describe(type)}");
        return false;
    }

    internal static string Clip(string? text) => text is null ? "" : text.Length <= 80 ? text : text.Substring(0, 77) + "...";
}

/// <summary>
/// A fine-tuning training file: each line is one example in a documented format. Only the top-level
/// shape is checked; what goes inside a message is the server's to judge.
/// </summary>
internal sealed class FineTuneRules : IJsonlRules
{
    public void CheckLine(LineFacts line, long number, JsonlProblems problems)
    {
        var kinds = line.Kinds;
        // Chat, supervised and reinforcement: openai-openapi FineTuneChatRequestInput ("The per-line
        // training example of a fine-tuning input file for chat models"), "messages" an array.
        if (kinds[LineFacts.Messages] != JsonTokenType.None)
        {
            Expect(line, LineFacts.Messages, JsonTokenType.StartArray, number, problems);
            return;
        }
        // Preference (DPO): developers.openai.com/api/docs/guides/direct-preference-optimization, "Data
        // format": "input" an object with messages, "preferred_output" and "non_preferred_output" arrays.
        if (kinds[LineFacts.Input] != JsonTokenType.None || kinds[LineFacts.PreferredOutput] != JsonTokenType.None
            || kinds[LineFacts.NonPreferredOutput] != JsonTokenType.None)
        {
            Expect(line, LineFacts.Input, JsonTokenType.StartObject, number, problems);
            Expect(line, LineFacts.PreferredOutput, JsonTokenType.StartArray, number, problems);
            Expect(line, LineFacts.NonPreferredOutput, JsonTokenType.StartArray, number, problems);
            return;
        }
        // Completions models (babbage-002, davinci-002): openai-openapi FineTuneCompletionRequestInput,
        // "prompt" and "completion" strings.
        if (kinds[LineFacts.Prompt] != JsonTokenType.None || kinds[LineFacts.Completion] != JsonTokenType.None)
        {
            Expect(line, LineFacts.Prompt, JsonTokenType.String, number, problems);
            Expect(line, LineFacts.Completion, JsonTokenType.String, number, problems);
            return;
        }
        problems.Add(number, null, ErrorIds.InvalidFineTuneLine,
            "is in none of the training formats: \"messages\" (chat), \"input\" with \"preferred_output\" and \"non_preferred_output\" (preference), or \"prompt\" with \"completion\" (completions)");
    }

    private static void Expect(LineFacts line, int field, JsonTokenType expected, long number, JsonlProblems problems)
    {
        var type = line.Kinds[field];
        if (type != expected)
        {
            problems.Add(number, LineFacts.Names[field], ErrorIds.InvalidFineTuneLine,
                type == JsonTokenType.None ? "is missing" : $"must be {LineFacts.Describe(expected)}, not {LineFacts.Describe(type)}");
        }
    }
}

using System.Text;
using System.Text.Json;

namespace OpenAI.Emulator.Batches;

/// <summary>One request line of an input file: its 1-based line number and parsed JSON.</summary>
internal readonly record struct BatchInputLine(int LineNumber, string CustomId, JsonElement Body);

/// <summary>
/// Reads a batch input file line by line from disk, twice: once to validate it as the API does
/// (while the batch is validating), once to run it. Blank lines are skipped.
/// </summary>
internal static class BatchInput
{
    private const int MaxErrors = 100;

    public static IEnumerable<(int LineNumber, string Text)> NonBlankLines(FileRecord file)
    {
        using var reader = new StreamReader(file.OpenRead(), Encoding.UTF8);
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (!string.IsNullOrWhiteSpace(line))
            {
                yield return (number, line);
            }
        }
    }

    /// <summary>The lines to run; only call on a file <see cref="Validate"/> accepted.</summary>
    public static IEnumerable<BatchInputLine> Requests(FileRecord file)
    {
        foreach (var (number, text) in NonBlankLines(file))
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            yield return new BatchInputLine(number, root.GetProperty("custom_id").GetString()!, root.GetProperty("body").Clone());
        }
    }

    /// <summary>The errors that fail the batch (empty when it may run), the request count and the first line's model.</summary>
    public static (List<BatchValidationError> Errors, int Count, string? Model) Validate(FileRecord file, string endpoint, EmulatorOptions options)
    {
        var errors = new List<BatchValidationError>();
        if (file.Purpose != "batch")
        {
            errors.Add(new BatchValidationError("invalid_file_purpose",
                $"The input file must have purpose 'batch', but {file.Id} has purpose '{file.Purpose}'.", "input_file_id"));
            return (errors, 0, null);
        }

        if (file.Bytes > options.BatchMaxInputBytes)
        {
            errors.Add(new BatchValidationError("file_too_large",
                $"The input file is {file.Bytes} bytes; the maximum is {options.BatchMaxInputBytes} bytes.", "input_file_id"));
            return (errors, 0, null);
        }

        var customIds = new HashSet<string>(StringComparer.Ordinal);
        var count = 0;
        string? model = null;
        foreach (var (number, text) in NonBlankLines(file))
        {
            count++;
            if (count > options.BatchMaxLines)
            {
                errors.Add(new BatchValidationError("too_many_requests",
                    $"The input file has more than {options.BatchMaxLines} requests, the most a batch may hold.", null, number));
                break;
            }

            if (CheckLine(text, number, endpoint, customIds, ref model) is { } error && errors.Count < MaxErrors)
            {
                errors.Add(error);
            }
        }

        if (count == 0 && errors.Count == 0)
        {
            errors.Add(new BatchValidationError("empty_file", "The input file contains no requests.", "input_file_id"));
        }

        return (errors, count, model);
    }

    private static BatchValidationError? CheckLine(string text, int number, string endpoint, HashSet<string> customIds, ref string? model)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            return new BatchValidationError("invalid_json_line", "This line is not parseable as valid JSON.", null, number);
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new BatchValidationError("invalid_json_line", "This line is not a JSON object.", null, number);
            }

            if (!TryString(root, "custom_id", out var customId) || customId.Length == 0)
            {
                return Missing("custom_id", number);
            }

            if (!TryString(root, "method", out var method))
            {
                return Missing("method", number);
            }

            if (method != "POST")
            {
                return new BatchValidationError("invalid_method", $"The method '{method}' is not supported; only 'POST' is.", "method", number);
            }

            if (!TryString(root, "url", out var url))
            {
                return Missing("url", number);
            }

            if (!BatchCreateRequest.Endpoints.Contains(url))
            {
                return new BatchValidationError("invalid_url", $"The URL '{url}' is not a supported batch endpoint.", "url", number);
            }

            if (url != endpoint)
            {
                return new BatchValidationError("mismatched_endpoint",
                    $"The URL provided for this request does not match the batch endpoint '{endpoint}'.", "url", number);
            }

            if (!root.TryGetProperty("body", out var body) || body.ValueKind != JsonValueKind.Object)
            {
                return new BatchValidationError("invalid_request", "The request 'body' must be a JSON object.", "body", number);
            }

            if (!customIds.Add(customId))
            {
                return new BatchValidationError("duplicate_custom_id",
                    $"The custom_id '{customId}' is used more than once; each request needs a unique custom_id.", "custom_id", number);
            }

            if (model is null && body.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String)
            {
                model = m.GetString();
            }

            return null;
        }
    }

    private static bool TryString(JsonElement obj, string name, out string value)
    {
        value = obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : string.Empty;
        return obj.TryGetProperty(name, out var present) && present.ValueKind == JsonValueKind.String;
    }

    private static BatchValidationError Missing(string param, int line) =>
        new("missing_required_parameter", $"Missing required parameter: '{param}'.", param, line);
}

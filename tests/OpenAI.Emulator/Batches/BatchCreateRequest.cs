using System.Text.Json;
using OpenAI.Emulator.Http;

namespace OpenAI.Emulator.Batches;

/// <summary>A POST /v1/batches body, checked as the API checks it before answering.</summary>
internal sealed record BatchCreateRequest(
    string InputFileId, string Endpoint, IReadOnlyDictionary<string, string>? Metadata, long? OutputExpiresAfterSeconds)
{
    /// <summary>Created on an Azure path: its image lines' models are deployment names.</summary>
    public bool ViaAzure { get; init; }

    /// <summary>The endpoints a batch may target.</summary>
    public static readonly string[] Endpoints =
    [
        "/v1/responses", "/v1/chat/completions", "/v1/embeddings", "/v1/completions", "/v1/moderations",
        "/v1/images/generations", "/v1/images/edits", "/v1/videos",
    ];

    private const int MaxMetadataKeys = 16;
    private const int MaxMetadataKeyLength = 64;
    private const int MaxMetadataValueLength = 512;
    private const long MinOutputExpirySeconds = 3600;
    private const long MaxOutputExpirySeconds = 2_592_000;

    private static readonly HashSet<string> Fields =
        new(["input_file_id", "endpoint", "completion_window", "metadata", "output_expires_after"], StringComparer.Ordinal);

    public static BatchCreateRequest Parse(JsonElement body, EmulatorState state)
    {
        foreach (var property in body.EnumerateObject())
        {
            if (!Fields.Contains(property.Name))
            {
                throw EmulatorException.BadRequest($"Unknown parameter: '{property.Name}'.", property.Name, "unknown_parameter");
            }
        }

        var inputFileId = JsonIO.RequiredString(body, "input_file_id");
        var endpoint = JsonIO.RequiredString(body, "endpoint");
        var window = JsonIO.RequiredString(body, "completion_window");
        if (!Endpoints.Contains(endpoint))
        {
            throw EmulatorException.InvalidValue("endpoint",
                $"Invalid value for 'endpoint': '{endpoint}'. Supported values are: {string.Join(", ", Endpoints.Select(e => $"'{e}'"))}.");
        }

        if (window != "24h")
        {
            throw EmulatorException.InvalidValue("completion_window",
                $"Invalid value for 'completion_window': '{window}'. Supported values are: '24h'.");
        }

        var metadata = ReadMetadata(body);
        var outputExpiry = ReadOutputExpiry(body);
        if (!state.FileExists(inputFileId))
        {
            throw new EmulatorException(StatusCodes.Status404NotFound, $"No such File object: {inputFileId}", "input_file_id");
        }

        return new BatchCreateRequest(inputFileId, endpoint, metadata, outputExpiry);
    }

    private static Dictionary<string, string>? ReadMetadata(JsonElement body)
    {
        if (!body.TryGetProperty("metadata", out var metadata) || metadata.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (metadata.ValueKind != JsonValueKind.Object)
        {
            throw EmulatorException.InvalidType("metadata", "an object");
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in metadata.EnumerateObject())
        {
            if (pair.Value.ValueKind != JsonValueKind.String)
            {
                throw EmulatorException.InvalidType($"metadata.{pair.Name}", "a string");
            }

            if (pair.Name.Length > MaxMetadataKeyLength)
            {
                throw EmulatorException.InvalidValue("metadata",
                    $"Invalid 'metadata': string too long. Expected a key with maximum length {MaxMetadataKeyLength}, but got a key with length {pair.Name.Length} instead.");
            }

            var value = pair.Value.GetString()!;
            if (value.Length > MaxMetadataValueLength)
            {
                throw EmulatorException.InvalidValue($"metadata.{pair.Name}",
                    $"Invalid 'metadata.{pair.Name}': string too long. Expected a string with maximum length {MaxMetadataValueLength}, but got a string with length {value.Length} instead.");
            }

            result[pair.Name] = value;
        }

        if (result.Count > MaxMetadataKeys)
        {
            throw EmulatorException.InvalidValue("metadata",
                $"Invalid 'metadata': too many properties. Expected an object with at most {MaxMetadataKeys} properties, but got an object with {result.Count} properties instead.");
        }

        return result;
    }

    private static long? ReadOutputExpiry(JsonElement body)
    {
        if (!body.TryGetProperty("output_expires_after", out var after) || after.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (after.ValueKind != JsonValueKind.Object)
        {
            throw EmulatorException.InvalidType("output_expires_after", "an object");
        }

        var anchor = JsonIO.OptionalString(after, "anchor") ?? throw EmulatorException.Missing("output_expires_after.anchor");
        if (anchor != "created_at")
        {
            throw EmulatorException.InvalidValue("output_expires_after.anchor",
                $"Invalid value for 'output_expires_after.anchor': '{anchor}'. Supported values are: 'created_at'.");
        }

        var seconds = JsonIO.OptionalInteger(after, "seconds") ?? throw EmulatorException.Missing("output_expires_after.seconds");
        return seconds is >= MinOutputExpirySeconds and <= MaxOutputExpirySeconds
            ? seconds
            : throw EmulatorException.InvalidValue("output_expires_after.seconds",
                $"Invalid value for 'output_expires_after.seconds': {seconds}. It must be between {MinOutputExpirySeconds} and {MaxOutputExpirySeconds}.");
    }
}

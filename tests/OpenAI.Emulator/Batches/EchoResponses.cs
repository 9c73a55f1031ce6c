using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenAI.Emulator.Http;

namespace OpenAI.Emulator.Batches;

/// <summary>
/// Minimal, plausible answers for the text endpoints a batch may target. Each answer carries text
/// taken from the request ("Echo: ..."), so tests can tie an output line to its input.
/// </summary>
internal static class EchoResponses
{
    private const int EmbeddingDimensions = 8;

    public static JsonObject ChatCompletion(JsonElement body, long now)
    {
        var model = JsonIO.RequiredString(body, "model");
        if (!body.TryGetProperty("messages", out var messages) || messages.ValueKind == JsonValueKind.Null)
        {
            throw EmulatorException.Missing("messages");
        }

        if (messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
        {
            throw EmulatorException.InvalidValue("messages", "Invalid value for 'messages': expected a non-empty array.");
        }

        var text = "Echo: " + TextOf(messages[messages.GetArrayLength() - 1], "content");
        return new JsonObject
        {
            ["id"] = "chatcmpl-" + Ids.Hex(24),
            ["object"] = "chat.completion",
            ["created"] = now,
            ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = text, ["refusal"] = null },
                ["logprobs"] = null,
                ["finish_reason"] = "stop",
            }),
            ["usage"] = Usage(messages.GetRawText(), text, "prompt_tokens", "completion_tokens"),
        };
    }

    public static JsonObject Response(JsonElement body, long now)
    {
        var model = JsonIO.RequiredString(body, "model");
        if (!body.TryGetProperty("input", out var input) || input.ValueKind == JsonValueKind.Null)
        {
            throw EmulatorException.Missing("input");
        }

        var last = input.ValueKind == JsonValueKind.Array && input.GetArrayLength() > 0 ? input[input.GetArrayLength() - 1] : input;
        var text = "Echo: " + (last.ValueKind == JsonValueKind.String ? last.GetString() : TextOf(last, "content"));
        return new JsonObject
        {
            ["id"] = "resp_" + Ids.Hex(32),
            ["object"] = "response",
            ["created_at"] = now,
            ["status"] = "completed",
            ["model"] = model,
            ["output"] = new JsonArray(new JsonObject
            {
                ["type"] = "message",
                ["id"] = "msg_" + Ids.Hex(32),
                ["status"] = "completed",
                ["role"] = "assistant",
                ["content"] = new JsonArray(new JsonObject { ["type"] = "output_text", ["text"] = text, ["annotations"] = new JsonArray() }),
            }),
            ["usage"] = Usage(input.GetRawText(), text, "input_tokens", "output_tokens"),
        };
    }

    public static JsonObject Completion(JsonElement body, long now)
    {
        var model = JsonIO.RequiredString(body, "model");
        var prompt = JsonIO.RequiredString(body, "prompt");
        var text = "Echo: " + prompt;
        return new JsonObject
        {
            ["id"] = "cmpl-" + Ids.Hex(24),
            ["object"] = "text_completion",
            ["created"] = now,
            ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject { ["text"] = text, ["index"] = 0, ["logprobs"] = null, ["finish_reason"] = "stop" }),
            ["usage"] = Usage(prompt, text, "prompt_tokens", "completion_tokens"),
        };
    }

    /// <summary>One deterministic vector per input string (from its SHA-256), so equal inputs embed equally.</summary>
    public static JsonObject Embeddings(JsonElement body)
    {
        var model = JsonIO.RequiredString(body, "model");
        var inputs = Strings(body, "input");
        var data = new JsonArray();
        for (var i = 0; i < inputs.Count; i++)
        {
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(inputs[i]));
            var vector = new JsonArray();
            for (var d = 0; d < EmbeddingDimensions; d++)
            {
                vector.Add(Math.Round((hash[d] - 127.5) / 127.5, 6));
            }

            data.Add(new JsonObject { ["object"] = "embedding", ["index"] = i, ["embedding"] = vector });
        }

        var tokens = inputs.Sum(Tokens);
        return new JsonObject
        {
            ["object"] = "list",
            ["data"] = data,
            ["model"] = model,
            ["usage"] = new JsonObject { ["prompt_tokens"] = tokens, ["total_tokens"] = tokens },
        };
    }

    public static JsonObject Moderation(JsonElement body)
    {
        var inputs = Strings(body, "input");
        return new JsonObject
        {
            ["id"] = "modr-" + Ids.Hex(24),
            ["model"] = JsonIO.OptionalString(body, "model") ?? "omni-moderation-latest",
            ["results"] = new JsonArray(inputs.Select(_ => (JsonNode)new JsonObject
            {
                ["flagged"] = false,
                ["categories"] = new JsonObject(),
                ["category_scores"] = new JsonObject(),
            }).ToArray()),
        };
    }

    public static JsonObject Video(JsonElement body, long now) => new()
    {
        ["id"] = "video_" + Ids.Hex(32),
        ["object"] = "video",
        ["model"] = JsonIO.OptionalString(body, "model") ?? "sora-2",
        ["status"] = "queued",
        ["progress"] = 0,
        ["created_at"] = now,
        ["prompt"] = JsonIO.RequiredString(body, "prompt"),
        ["size"] = JsonIO.OptionalString(body, "size") ?? "720x1280",
        ["seconds"] = JsonIO.OptionalString(body, "seconds") ?? "4",
    };

    /// <summary>A string, or the text parts of a content array, of a message's field.</summary>
    private static string TextOf(JsonElement message, string field)
    {
        if (message.ValueKind != JsonValueKind.Object || !message.TryGetProperty(field, out var content))
        {
            return string.Empty;
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString()!;
        }

        return content.ValueKind != JsonValueKind.Array ? string.Empty : string.Join(" ",
            content.EnumerateArray()
                .Where(p => p.ValueKind == JsonValueKind.Object && p.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String)
                .Select(p => p.GetProperty("text").GetString()));
    }

    private static List<string> Strings(JsonElement body, string name)
    {
        if (!body.TryGetProperty(name, out var input) || input.ValueKind == JsonValueKind.Null)
        {
            throw EmulatorException.Missing(name);
        }

        if (input.ValueKind == JsonValueKind.String)
        {
            return [input.GetString()!];
        }

        if (input.ValueKind == JsonValueKind.Array && input.GetArrayLength() > 0 &&
            input.EnumerateArray().All(i => i.ValueKind == JsonValueKind.String))
        {
            return input.EnumerateArray().Select(i => i.GetString()!).ToList();
        }

        throw EmulatorException.InvalidType(name, "a string or a non-empty array of strings");
    }

    private static int Tokens(string text) => Math.Max(1, (text.Length + 3) / 4);

    private static JsonObject Usage(string input, string output, string inName, string outName) => new()
    {
        [inName] = Tokens(input),
        [outName] = Tokens(output),
        ["total_tokens"] = Tokens(input) + Tokens(output),
    };
}

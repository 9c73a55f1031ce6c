using System.Globalization;
using System.Text.Json.Nodes;

namespace OpenAI.Emulator.Http;

/// <summary>Cursor paging as the list endpoints do it: ?after=&lt;id&gt;&amp;limit=N, answered with first_id/last_id/has_more.</summary>
internal static class Paging
{
    public static int ReadLimit(HttpRequest request, int defaultLimit, int maxLimit)
    {
        var text = request.Query["limit"].ToString();
        if (text.Length == 0)
        {
            return defaultLimit;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var limit))
        {
            throw EmulatorException.InvalidType("limit", $"an integer, but got '{text}' instead");
        }

        return limit >= 1 && limit <= maxLimit
            ? limit
            : throw EmulatorException.InvalidValue("limit", $"Invalid value for 'limit': {limit}. It must be between 1 and {maxLimit}.");
    }

    public static string? ReadAfter(HttpRequest request)
    {
        var after = request.Query["after"].ToString();
        return after.Length == 0 ? null : after;
    }

    /// <summary>The list body for the items after the cursor (an unknown cursor gives an empty page).</summary>
    public static JsonObject Page<T>(IReadOnlyList<T> ordered, Func<T, string> id, Func<T, JsonNode> json, string? after, int limit)
    {
        var start = 0;
        if (after is not null)
        {
            var index = ordered.Select(id).ToList().IndexOf(after);
            start = index < 0 ? ordered.Count : index + 1;
        }

        var page = ordered.Skip(start).Take(limit).ToList();
        return new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray(page.Select(json).ToArray()),
            ["first_id"] = page.Count > 0 ? id(page[0]) : null,
            ["last_id"] = page.Count > 0 ? id(page[^1]) : null,
            ["has_more"] = start + page.Count < ordered.Count,
        };
    }
}

using System.Text.RegularExpressions;

namespace OpenAI.Emulator.Azure;

/// <summary>How an Azure OpenAI v1 request reached the emulator: its path as sent and, for a project endpoint, the project.</summary>
internal sealed record AzureRequest(string OriginalPath, string? Project)
{
    public bool IsProjectEndpoint => Project is not null;
}

/// <summary>
/// Azure OpenAI v1 paths. As Azure documents it, the stable base URL of a resource is
/// https://&lt;resource&gt;.openai.azure.com/openai/v1/ and that of a Foundry project
/// https://&lt;x&gt;.services.ai.azure.com/api/projects/&lt;project&gt;/openai/v1/. Both are served by
/// rewriting the path to the emulator's /v1 route and marking the request as Azure; the emulator's
/// control routes stay under /v1/emulator only.
/// </summary>
internal static partial class AzurePaths
{
    public const string ResourcePrefix = "/openai/v1";

    private const string ItemKey = "OpenAI.Emulator.Azure";

    /// <summary>The Azure request this is, or null for an OpenAI (/v1) or unknown path.</summary>
    public static AzureRequest? Of(HttpContext ctx) => ctx.Items.TryGetValue(ItemKey, out var value) ? value as AzureRequest : null;

    /// <summary>
    /// Marks an Azure path as Azure and rewrites it to /v1/..., except where Azure has no such route:
    /// the emulator's control routes, and the Uploads API on a project endpoint (reported to answer 404
    /// there). Those keep their path, so no route matches and the fallback answers Azure's 404.
    /// </summary>
    public static AzureRequest? Recognize(HttpContext ctx)
    {
        var path = ctx.Request.Path.Value ?? "/";
        string? project = null;
        string rest;
        if (StartsWithSegment(path, ResourcePrefix))
        {
            rest = path[ResourcePrefix.Length..];
        }
        else if (ProjectPrefix().Match(path) is { Success: true } match)
        {
            project = match.Groups["project"].Value;
            rest = path[match.Length..];
        }
        else
        {
            return null;
        }

        var azure = new AzureRequest(path, project);
        ctx.Items[ItemKey] = azure;
        var blocked = StartsWithSegment(rest, "/emulator") || (azure.IsProjectEndpoint && StartsWithSegment(rest, "/uploads"));
        if (!blocked)
        {
            ctx.Request.Path = "/v1" + rest;
        }

        return azure;
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="prefix"/> or continues it with a '/'.</summary>
    private static bool StartsWithSegment(string path, string prefix) =>
        path.StartsWith(prefix, StringComparison.Ordinal) && (path.Length == prefix.Length || path[prefix.Length] == '/');

    [GeneratedRegex("^/api/projects/(?<project>[^/]+)/openai/v1(?=/|$)", RegexOptions.CultureInvariant)]
    private static partial Regex ProjectPrefix();
}

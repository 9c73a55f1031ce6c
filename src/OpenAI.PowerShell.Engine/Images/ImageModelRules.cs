using System.Globalization;

namespace OpenAI.PowerShell.Images;

internal enum ImageModelFamily
{
    DallE2,
    GptImage,
}

/// <summary>What one model accepts on /images/edits. A row of <see cref="ImageModelRules"/>.</summary>
internal sealed class ImageModelRule
{
    public string Name { get; init; } = "";
    public ImageModelFamily Family { get; init; }
    public int MaxImages { get; init; }
    public IReadOnlyList<ImageKind> InputKinds { get; init; } = Array.Empty<ImageKind>();
    /// <summary>Inputs must be strictly smaller than this many bytes.</summary>
    public long MaxInputBytes { get; init; }
    public long MaxMaskBytes { get; init; }
    public bool RequiresSquare { get; init; }
    public bool NeedsAlphaWithoutMask { get; init; }
    public int MaxPromptLength { get; init; }
    public IReadOnlyList<string> Sizes { get; init; } = Array.Empty<string>();
    /// <summary>WIDTHxHEIGHT beyond the listed sizes (gpt-image-2): multiples of 16, 1:3..3:1, at most 3840x2160.</summary>
    public bool ArbitrarySizes { get; init; }
    public bool SupportsResponseFormat { get; init; }
    /// <summary>quality (beyond standard), background, output_format, output_compression, input_fidelity, stream, partial_images.</summary>
    public bool SupportsGptParameters { get; init; }
    public bool SupportsInputFidelity { get; init; }
    /// <summary>The application/json body with file ids or image URLs.</summary>
    public bool SupportsJson { get; init; }
    public IReadOnlyList<string> Qualities { get; init; } = Array.Empty<string>();
    /// <summary>The day OpenAI stopped serving the model (UTC), from the deprecations page; null while it is served.</summary>
    public DateTime? ShutDownOn { get; init; }
    /// <summary>The replacement the deprecations page named; it may have been shut down since (see <see cref="ImageModelRules.Retirement"/>).</summary>
    public string? Replacement { get; init; }

    public override string ToString() => Name;
}

/// <summary>
/// The one table of per-model rules. A model that is not in it gets only the generic checks and
/// is left to the server. Byte limits are binary: the API's "4MB" is 4 MiB and "50MB" is 50 MiB,
/// as the upstream SDK and this project's emulator count them; a file must be strictly smaller.
/// </summary>
internal static class ImageModelRules
{
    public const long DallE2MaxBytes = 4L * 1024 * 1024;
    public const long GptMaxBytes = 50L * 1024 * 1024;
    public const int MaxN = 10;
    public const int MaxPartialImages = 3;
    /// <summary>
    /// The model a request names when the caller names none. It is always sent, so the checks here and
    /// the server judge the same model (the API's own default has been a model that was later shut down).
    /// </summary>
    public const string DefaultModel = "gpt-image-2";

    public static readonly IReadOnlyList<string> ResponseFormats = new[] { "url", "b64_json" };
    public static readonly IReadOnlyList<string> Backgrounds = new[] { "transparent", "opaque", "auto" };
    public static readonly IReadOnlyList<string> OutputFormats = new[] { "png", "jpeg", "webp" };
    public static readonly IReadOnlyList<string> InputFidelities = new[] { "high", "low" };

    // gpt-image-2 as the API reference states it (CreateImageEditRequest, openai/openai-openapi, as of
    // 2026-08-20; ../shared/spec): the GPT inputs (png, webp or jpg under 50MB, up to 16), n 1-10,
    // quality low/medium/high/auto, input_fidelity high/low ("gpt-image-1.5 and later models"),
    // background transparent/opaque/auto (transparent "in preview", png or webp output),
    // output_compression 0-100 for jpeg or webp, and any WIDTHxHEIGHT with both edges divisible by 16,
    // aspect 1:3..3:1, at most 3840x2160. Its "current pixel and edge limits" are not stated, so the
    // server judges them.
    private static readonly string[] GptSizes = { "1024x1024", "1536x1024", "1024x1536", "auto" };
    private static readonly string[] GptQualities = { "low", "medium", "high", "auto" };

    private static readonly ImageModelRule DallE2 = new()
    {
        Name = "dall-e-2",
        Family = ImageModelFamily.DallE2,
        MaxImages = 1,
        InputKinds = new[] { ImageKind.Png },
        MaxInputBytes = DallE2MaxBytes,
        MaxMaskBytes = DallE2MaxBytes,
        RequiresSquare = true,
        NeedsAlphaWithoutMask = true,
        MaxPromptLength = 1000,
        Sizes = new[] { "256x256", "512x512", "1024x1024" },
        SupportsResponseFormat = true,
        Qualities = new[] { "standard", "auto" },
        ShutDownOn = Day("2026-05-12"),
        Replacement = "gpt-image-1",
    };

    private static DateTime Day(string day) =>
        DateTime.ParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    private static ImageModelRule Gpt(string name, bool inputFidelity = true, bool arbitrarySizes = false,
        string? shutDownOn = null, string? replacement = null) => new()
    {
        Name = name,
        ShutDownOn = shutDownOn is null ? null : Day(shutDownOn),
        Replacement = replacement,
        Family = ImageModelFamily.GptImage,
        MaxImages = 16,
        InputKinds = new[] { ImageKind.Png, ImageKind.Jpeg, ImageKind.Webp },
        MaxInputBytes = GptMaxBytes,
        // The spec words the mask limit as 4MB for every model, but a GPT mask matches a
        // GPT input of up to 50 MB; refusing what the server may take is worse than letting it decide.
        MaxMaskBytes = GptMaxBytes,
        MaxPromptLength = 32000,
        Sizes = GptSizes,
        ArbitrarySizes = arbitrarySizes,
        SupportsGptParameters = true,
        SupportsInputFidelity = inputFidelity,
        SupportsJson = true,
        Qualities = GptQualities,
    };

    // Shutdown dates and replacements from the API's deprecations page: dall-e-2 on 2026-05-12
    // (gpt-image-1 named), gpt-image-1 on 2026-10-23 (gpt-image-1.5), and gpt-image-1-mini,
    // gpt-image-1.5 and chatgpt-image-latest on 2026-12-01 (gpt-image-2). Their rules stay: Azure
    // deployments and compatible servers retire models on their own dates.
    private static readonly ImageModelRule[] Rows =
    {
        Gpt("gpt-image-2", arbitrarySizes: true),
        Gpt("gpt-image-2-2026-04-21", arbitrarySizes: true),
        Gpt("gpt-image-1.5", shutDownOn: "2026-12-01", replacement: "gpt-image-2"),
        Gpt("gpt-image-1-mini", inputFidelity: false, shutDownOn: "2026-12-01", replacement: "gpt-image-2"),
        Gpt("chatgpt-image-latest", shutDownOn: "2026-12-01", replacement: "gpt-image-2"),
        Gpt("gpt-image-1", shutDownOn: "2026-10-23", replacement: "gpt-image-1.5"),
        DallE2,
    };

    private static readonly Dictionary<string, ImageModelRule> Table = Rows.ToDictionary(r => r.Name, StringComparer.OrdinalIgnoreCase);

    public static IReadOnlyCollection<ImageModelRule> All => Rows;

    /// <summary>The known model names, for argument completion: those still served first, then by shutdown, latest first.</summary>
    public static IReadOnlyList<string> KnownModels(DateTimeOffset now) => Rows
        .OrderBy(r => IsShutDown(r, now))
        .ThenByDescending(r => r.ShutDownOn ?? DateTime.MaxValue)
        .Select(r => r.Name)
        .ToArray();

    public static bool IsShutDown(ImageModelRule rule, DateTimeOffset now) => rule.ShutDownOn is { } day && now.UtcDateTime >= day;

    /// <summary>
    /// Null while <paramref name="model"/> is served (or unknown); otherwise when it was shut down and
    /// the model to use now: the named replacement, followed while that too has been shut down.
    /// </summary>
    public static ModelRetirement? Retirement(string? model, DateTimeOffset now)
    {
        if (Find(model) is not { ShutDownOn: { } day } rule || !IsShutDown(rule, now))
        {
            return null;
        }
        var replacement = rule.Replacement;
        for (var hops = 0; replacement is not null && Find(replacement) is { } next && IsShutDown(next, now) && hops < Rows.Length; hops++)
        {
            replacement = next.Replacement;
        }
        return new ModelRetirement(rule.Name, day, replacement);
    }

    /// <summary>Null for a model this module does not know; a null model means <see cref="DefaultModel"/>.</summary>
    public static ImageModelRule? Find(string? model) =>
        Table.TryGetValue(string.IsNullOrWhiteSpace(model) ? DefaultModel : model!.Trim(), out var rule) ? rule : null;

    /// <summary>Null when the size is allowed; otherwise why not.</summary>
    public static string? CheckSize(ImageModelRule rule, string size)
    {
        if (rule.Sizes.Contains(size, StringComparer.Ordinal))
        {
            return null;
        }
        var allowed = string.Join(", ", rule.Sizes);
        if (!rule.ArbitrarySizes)
        {
            return $"{rule.Name} accepts the sizes {allowed}.";
        }
        if (!TryParseSize(size, out var width, out var height))
        {
            return $"{rule.Name} accepts {allowed}, or WIDTHxHEIGHT such as 1536x864.";
        }
        if (width % 16 != 0 || height % 16 != 0)
        {
            return $"Width and height must both be divisible by 16 for {rule.Name}.";
        }
        int longEdge = Math.Max(width, height), shortEdge = Math.Min(width, height);
        if (longEdge > 3 * shortEdge)
        {
            return $"The aspect ratio must be between 1:3 and 3:1 for {rule.Name}.";
        }
        if (longEdge > 3840 || shortEdge > 2160)
        {
            return $"The largest size {rule.Name} accepts is 3840x2160 (either way round).";
        }
        return null;
    }

    public static bool TryParseSize(string size, out int width, out int height)
    {
        width = height = 0;
        var parts = size.Split('x');
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out width)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out height)
            && width > 0 && height > 0;
    }
}

/// <summary>A model past its shutdown date, and the model to use now (null when the table names none).</summary>
internal sealed record ModelRetirement(string Model, DateTime ShutDownOn, string? UseInstead)
{
    public string Day => ShutDownOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

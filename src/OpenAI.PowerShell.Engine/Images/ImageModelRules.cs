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
    /// <summary>The model the server uses when none is sent; its rules apply to a request without -Model.</summary>
    public const string DefaultModel = "gpt-image-1.5";

    public static readonly IReadOnlyList<string> ResponseFormats = new[] { "url", "b64_json" };
    public static readonly IReadOnlyList<string> Backgrounds = new[] { "transparent", "opaque", "auto" };
    public static readonly IReadOnlyList<string> OutputFormats = new[] { "png", "jpeg", "webp" };
    public static readonly IReadOnlyList<string> InputFidelities = new[] { "high", "low" };

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
    };

    private static ImageModelRule Gpt(string name, bool inputFidelity = true, bool arbitrarySizes = false) => new()
    {
        Name = name,
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

    private static readonly Dictionary<string, ImageModelRule> Table = new[]
    {
        DallE2,
        Gpt("gpt-image-1"),
        Gpt("gpt-image-1-mini", inputFidelity: false),
        Gpt("gpt-image-1.5"),
        Gpt("gpt-image-2", arbitrarySizes: true),
        Gpt("gpt-image-2-2026-04-21", arbitrarySizes: true),
        Gpt("chatgpt-image-latest"),
    }.ToDictionary(r => r.Name, StringComparer.OrdinalIgnoreCase);

    public static IReadOnlyCollection<ImageModelRule> All => Table.Values;

    /// <summary>The known model names, for argument completion.</summary>
    public static IReadOnlyList<string> KnownModels { get; } = Table.Keys.ToArray();

    /// <summary>Every size some known model accepts, for argument completion.</summary>
    public static IReadOnlyList<string> KnownSizes { get; } = Table.Values.SelectMany(r => r.Sizes).Distinct().ToArray();

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

using C = OpenAI.PowerShell.Images.ImageEditChecks;

namespace OpenAI.PowerShell.Images;

/// <summary>The checks on the scalar parameters of a request for a model in the rule table.</summary>
internal static class ImageParameterChecks
{
    public static void Check(ImageEditRequest r, ImageModelRule rule)
    {
        var promptLength = CountCharacters(r.Prompt);
        if (promptLength > rule.MaxPromptLength)
        {
            throw C.PromptLength.Fail("Prompt", $"The prompt is {promptLength} characters; {rule.Name} takes at most {rule.MaxPromptLength}.");
        }
        if (r.Size is { } size && ImageModelRules.CheckSize(rule, size) is { } why)
        {
            throw C.Size.Fail("Size", $"Size '{size}' is not accepted: {why}");
        }
        if (!rule.SupportsGptParameters && FirstGptOnly(r) is { } parameter)
        {
            throw C.GptOnly.Fail(parameter, $"-{parameter} is supported by the GPT image models only, not by {rule.Name}.");
        }
        if (r.ResponseFormat is { } format)
        {
            if (!rule.SupportsResponseFormat)
            {
                throw C.ResponseFormat.Fail("ResponseFormat", $"{rule.Name} always returns base64 images; -ResponseFormat is for dall-e-2 only.");
            }
            CheckValue("ResponseFormat", format, ImageModelRules.ResponseFormats);
        }
        if (r.Quality is { } quality) CheckValue("Quality", quality, rule.Qualities);
        if (r.Background is { } background) CheckValue("Background", background, ImageModelRules.Backgrounds);
        if (r.OutputFormat is { } output) CheckValue("OutputFormat", output, ImageModelRules.OutputFormats);
        if (r.InputFidelity is { } fidelity) CheckValue("InputFidelity", fidelity, ImageModelRules.InputFidelities);

        // The default output format is png, so transparent with no output format is fine.
        if (string.Equals(r.Background, "transparent", StringComparison.OrdinalIgnoreCase)
            && r.OutputFormat is not null && !ImageEditValidator.IsOneOf(r.OutputFormat, "png", "webp"))
        {
            throw C.Transparent.Fail("Background", $"A transparent background needs png or webp output, not {r.OutputFormat}.");
        }
        if (r.InputFidelity is not null && !rule.SupportsInputFidelity)
        {
            throw C.Fidelity.Fail("InputFidelity", $"{rule.Name} does not support -InputFidelity.");
        }
    }

    /// <summary>The first parameter only GPT image models take; quality counts unless it is one the model lists.</summary>
    private static string? FirstGptOnly(ImageEditRequest r)
    {
        if (r.Quality is { } q && !ImageEditValidator.IsOneOf(q, "standard", "auto")) return "Quality";
        if (r.Background is not null) return "Background";
        if (r.OutputFormat is not null) return "OutputFormat";
        if (r.OutputCompression is not null) return "OutputCompression";
        if (r.InputFidelity is not null) return "InputFidelity";
        if (r.Stream) return "Stream";
        if (r.PartialImages is not null) return "PartialImages";
        return null;
    }

    private static void CheckValue(string parameter, string value, IReadOnlyList<string> allowed)
    {
        if (!allowed.Contains(value, StringComparer.OrdinalIgnoreCase))
        {
            throw C.Values.Fail(parameter, $"-{parameter} '{value}' is not one of {string.Join(", ", allowed)}.");
        }
    }

    /// <summary>Unicode characters, not UTF-16 units: an emoji counts once.</summary>
    internal static int CountCharacters(string text)
    {
        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsLowSurrogate(text[i]) || i == 0 || !char.IsHighSurrogate(text[i - 1]))
            {
                count++;
            }
        }
        return count;
    }
}

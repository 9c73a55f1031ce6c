namespace OpenAI.PowerShell.Images;

/// <summary>
/// One call to POST /images/edits. Either local files (multipart) or file ids and image URLs
/// (the JSON body); the two are not mixed. Paths are full paths: the cmdlet resolves them.
/// </summary>
public sealed class ImageEditRequest
{
    public IList<string> Images { get; set; } = new List<string>();
    public string? Mask { get; set; }
    public IList<string> FileIds { get; set; } = new List<string>();
    public IList<string> ImageUrls { get; set; } = new List<string>();
    public string? MaskFileId { get; set; }
    public string? MaskImageUrl { get; set; }

    public string Prompt { get; set; } = "";
    /// <summary>Null means <see cref="ImageModelRules.DefaultModel"/>; the model is always sent, so the checks and the server judge the same one.</summary>
    public string? Model { get; set; }
    /// <summary>
    /// The known model whose rules the checks apply, when <see cref="Model"/> is an Azure deployment
    /// named otherwise; null means the rules of <see cref="Model"/> itself, when it is a known model.
    /// </summary>
    public string? RulesModel { get; set; }
    public int? N { get; set; }
    public string? Size { get; set; }
    public string? ResponseFormat { get; set; }
    public string? Quality { get; set; }
    public string? Background { get; set; }
    public string? OutputFormat { get; set; }
    public int? OutputCompression { get; set; }
    public string? InputFidelity { get; set; }
    public string? User { get; set; }
    public bool Stream { get; set; }
    public int? PartialImages { get; set; }

    /// <summary>Save the single result here. Checked before sending: it must not exist unless Force.</summary>
    public string? OutFile { get; set; }
    /// <summary>Save every result here as &lt;stem&gt;-&lt;index&gt;.&lt;ext&gt;, and streamed partials as &lt;stem&gt;-partial-&lt;n&gt;.&lt;ext&gt;.</summary>
    public string? OutDirectory { get; set; }
    public bool Force { get; set; }
    /// <summary>Names saved files in place of the first local image; set from an uploaded file's name.</summary>
    public string? OutputStem { get; set; }

    public bool UsesJson =>
        FileIds.Count > 0 || ImageUrls.Count > 0 || MaskFileId is not null || MaskImageUrl is not null;

    public int ImageCount => UsesJson ? FileIds.Count + ImageUrls.Count : Images.Count;

    public int EffectiveN => N ?? 1;

    public string EffectiveModel => string.IsNullOrWhiteSpace(Model) ? ImageModelRules.DefaultModel : Model!.Trim();
}

/// <summary>A request that passed the checks, with what they learned (headers, rule, output paths).</summary>
internal sealed class ImageEditPlan
{
    internal ImageEditPlan(ImageEditRequest request, ImageModelRule? rule, IReadOnlyList<ImageHeader> imageHeaders,
        ImageHeader? maskHeader, IReadOnlyList<string> outputPaths, ModelRetirement? retirement = null)
    {
        Request = request;
        Rule = rule;
        Retirement = retirement;
        ImageHeaders = imageHeaders;
        MaskHeader = maskHeader;
        OutputPaths = outputPaths;
    }

    public ImageEditRequest Request { get; }
    /// <summary>Null for a model this module does not know.</summary>
    public ImageModelRule? Rule { get; }
    /// <summary>Set when the model is past its shutdown date: the request is still sent (a compatible server may serve it), with a warning first.</summary>
    public ModelRetirement? Retirement { get; }
    /// <summary>One per local image, in order; empty in JSON mode.</summary>
    public IReadOnlyList<ImageHeader> ImageHeaders { get; }
    public ImageHeader? MaskHeader { get; }
    /// <summary>Every path the request may write, already checked against overwriting.</summary>
    public IReadOnlyList<string> OutputPaths { get; }
}

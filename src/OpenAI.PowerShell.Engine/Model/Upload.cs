namespace OpenAI.PowerShell.Model;

/// <summary>An Upload as the API returns it, with unix times converted.</summary>
public sealed class Upload
{
    public string Id { get; set; } = "";
    public string FileName { get; set; } = "";
    public long Bytes { get; set; }
    public string Purpose { get; set; } = "";
    public string Status { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public OpenAIFile? File { get; set; }

    /// <summary>The id of the File a completed upload produced: the value needed next.</summary>
    public string? FileId => File?.Id;

    public override string ToString() => Id;
}

/// <summary>A Part added to an Upload. PartNumber, Offset and Length are what this module sent.</summary>
public sealed class UploadPart
{
    public string Id { get; set; } = "";
    public string UploadId { get; set; } = "";
    public int PartNumber { get; set; }
    public long Offset { get; set; }
    public long Length { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public override string ToString() => Id;
}

/// <summary>The File an Upload produces once it is completed (the API's OpenAIFile schema).</summary>
public sealed class OpenAIFile
{
    public string Id { get; set; } = "";
    public string FileName { get; set; } = "";
    public long Bytes { get; set; }
    public string Purpose { get; set; } = "";
    public string? Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }

    public override string ToString() => Id;
}

namespace OpenAI.Emulator;

/// <summary>
/// A stored file: its bytes are its segments read in order. A completed Upload keeps its parts as
/// segments instead of copying them into one file, so complete costs one read for the md5.
/// </summary>
internal sealed record FileRecord(
    string Id, long Bytes, DateTimeOffset CreatedAt, string FileName, string Purpose, string Md5Hex, IReadOnlyList<string> SegmentPaths)
{
    /// <summary>Null when the file does not expire (the default for uploads).</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Order of arrival; breaks created_at ties, since the test clock is frozen.</summary>
    public long Sequence { get; init; }

    public Stream OpenRead() => new SegmentedReadStream(SegmentPaths);

    public StoredFile ToPublic() => new(Id, Bytes, CreatedAt, FileName, Purpose, ExpiresAt);
}

/// <summary>A File the emulator holds, as tests see it.</summary>
public sealed record StoredFile(string Id, long Bytes, DateTimeOffset CreatedAt, string FileName, string Purpose, DateTimeOffset? ExpiresAt);

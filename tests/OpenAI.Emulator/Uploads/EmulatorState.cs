using System.Collections.Concurrent;
using OpenAI.Emulator.Files;

namespace OpenAI.Emulator;

/// <summary>Uploads, parts and files the emulator holds; file bytes live on disk. Thread-safe.</summary>
public sealed class EmulatorState
{
    private readonly ConcurrentDictionary<string, UploadRecord> _uploads = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PartRecord> _parts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FileRecord> _files = new(StringComparer.Ordinal);
    private readonly ManualClock _clock;
    private long _fileSequence;

    internal EmulatorState(string storageDirectory, ManualClock clock)
    {
        _clock = clock;
        PartsDirectory = Path.Combine(storageDirectory, "parts");
        FilesDirectory = Path.Combine(storageDirectory, "files");
        Directory.CreateDirectory(PartsDirectory);
        Directory.CreateDirectory(FilesDirectory);
    }

    internal string PartsDirectory { get; }
    internal string FilesDirectory { get; }

    public UploadRecord? GetUpload(string uploadId) =>
        _uploads.TryGetValue(uploadId, out var upload) ? upload : null;

    /// <summary>Snapshot of all uploads, oldest first.</summary>
    public IReadOnlyCollection<UploadRecord> Uploads =>
        _uploads.Values.OrderBy(u => u.CreatedAt).ThenBy(u => u.Id, StringComparer.Ordinal).ToArray();

    /// <summary>Stores a File with these bytes, as if uploaded now, and returns its id.</summary>
    public string AddFile(byte[] content, string purpose = "batch", string fileName = "input.jsonl")
    {
        ArgumentNullException.ThrowIfNull(content);
        using var writer = new StoredFileWriter(this);
        writer.Write(content);
        return writer.Commit(fileName, purpose, _clock.UtcNow).Id;
    }

    /// <summary>All files, oldest first; <paramref name="purpose"/> filters when given.</summary>
    public IReadOnlyList<StoredFile> ListFiles(string? purpose = null) =>
        FileRecords(purpose).Select(f => f.ToPublic()).ToArray();

    public StoredFile? FindFile(string fileId) => _files.TryGetValue(fileId, out var file) ? file.ToPublic() : null;

    /// <summary>Removes a file and its bytes; false when there was none.</summary>
    public bool DeleteFile(string fileId)
    {
        if (!_files.TryRemove(fileId, out var file))
        {
            return false;
        }

        foreach (var path in file.SegmentPaths)
        {
            OpenAI.Emulator.Uploads.PartReceiver.TryDelete(path);
        }

        return true;
    }

    /// <summary>Bytes of a file.</summary>
    /// <exception cref="KeyNotFoundException">No such file.</exception>
    public byte[] ReadFileContent(string fileId)
    {
        using var stream = GetFile(fileId).OpenRead();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>Lowercase hex md5 of a file.</summary>
    /// <exception cref="KeyNotFoundException">No such file.</exception>
    public string GetFileMd5(string fileId) => GetFile(fileId).Md5Hex;

    public bool FileExists(string fileId) => _files.ContainsKey(fileId);

    /// <summary>Opens a file for reading (e.g. to stream-compare a large upload).</summary>
    /// <exception cref="KeyNotFoundException">No such file.</exception>
    public Stream OpenFileContent(string fileId) => GetFile(fileId).OpenRead();

    internal FileRecord GetFile(string fileId) =>
        _files.TryGetValue(fileId, out var file) ? file : throw new KeyNotFoundException($"No file '{fileId}'.");

    internal bool TryGetFile(string fileId, out FileRecord file) => _files.TryGetValue(fileId, out file!);

    /// <summary>Oldest first (created_at, then arrival).</summary>
    internal IEnumerable<FileRecord> FileRecords(string? purpose = null) =>
        _files.Values
            .Where(f => purpose is null || string.Equals(f.Purpose, purpose, StringComparison.Ordinal))
            .OrderBy(f => f.CreatedAt)
            .ThenBy(f => f.Sequence);

    internal void AddUpload(UploadRecord upload) => _uploads[upload.Id] = upload;

    internal void AddFile(FileRecord file) =>
        _files[file.Id] = file with { Sequence = Interlocked.Increment(ref _fileSequence) };

    internal void IndexPart(PartRecord part) => _parts[part.Id] = part;

    internal PartRecord? FindPart(string partId) => _parts.TryGetValue(partId, out var part) ? part : null;
}

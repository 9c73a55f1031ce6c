using System.Collections.Concurrent;

namespace OpenAI.Emulator;

/// <summary>Uploads, parts and assembled files the emulator holds. Thread-safe.</summary>
public sealed class EmulatorState
{
    private readonly ConcurrentDictionary<string, UploadRecord> _uploads = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PartRecord> _parts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FileRecord> _files = new(StringComparer.Ordinal);

    internal EmulatorState(string storageDirectory)
    {
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

    /// <summary>Bytes of a completed upload's file.</summary>
    /// <exception cref="KeyNotFoundException">No such file.</exception>
    public byte[] ReadFileContent(string fileId)
    {
        using var stream = GetFile(fileId).OpenRead();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>Lowercase hex md5 of a completed upload's file.</summary>
    /// <exception cref="KeyNotFoundException">No such file.</exception>
    public string GetFileMd5(string fileId) => GetFile(fileId).Md5Hex;

    public bool FileExists(string fileId) => _files.ContainsKey(fileId);

    /// <summary>Opens a completed file for reading (e.g. to stream-compare a large upload).</summary>
    /// <exception cref="KeyNotFoundException">No such file.</exception>
    public Stream OpenFileContent(string fileId) => GetFile(fileId).OpenRead();

    internal FileRecord GetFile(string fileId) =>
        _files.TryGetValue(fileId, out var file) ? file : throw new KeyNotFoundException($"No file '{fileId}'.");

    internal bool TryGetFile(string fileId, out FileRecord file) => _files.TryGetValue(fileId, out file!);

    internal void AddUpload(UploadRecord upload) => _uploads[upload.Id] = upload;

    internal void AddFile(FileRecord file) => _files[file.Id] = file;

    internal void IndexPart(PartRecord part) => _parts[part.Id] = part;

    internal PartRecord? FindPart(string partId) => _parts.TryGetValue(partId, out var part) ? part : null;
}

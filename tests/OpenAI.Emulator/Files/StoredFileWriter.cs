using System.Security.Cryptography;
using OpenAI.Emulator.Http;

namespace OpenAI.Emulator.Files;

/// <summary>
/// Writes a new file's bytes straight to the storage directory, hashing as it goes, and adds it to
/// the state on <see cref="Commit"/>. Disposed uncommitted, it deletes what it wrote.
/// </summary>
internal sealed class StoredFileWriter : IDisposable, IAsyncDisposable
{
    private readonly EmulatorState _state;
    private readonly FileStream _stream;
    private readonly IncrementalHash _md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
    private bool _committed;

    public StoredFileWriter(EmulatorState state)
    {
        _state = state;
        Id = Ids.File();
        Path = System.IO.Path.Combine(state.FilesDirectory, Id);
        _stream = new FileStream(Path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1 << 16, useAsync: true);
    }

    public string Id { get; }
    public string Path { get; }
    public long Length { get; private set; }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        _stream.Write(bytes);
        _md5.AppendData(bytes);
        Length += bytes.Length;
    }

    public async Task WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await _stream.WriteAsync(bytes, cancellationToken);
        _md5.AppendData(bytes.Span);
        Length += bytes.Length;
    }

    /// <summary>Closes the file and makes it a File of the state.</summary>
    public StoredFile Commit(string fileName, string purpose, DateTimeOffset createdAt, DateTimeOffset? expiresAt = null)
    {
        _stream.Dispose();
        var record = new FileRecord(Id, Length, createdAt, fileName, purpose, Convert.ToHexStringLower(_md5.GetHashAndReset()), [Path])
        {
            ExpiresAt = expiresAt,
        };
        _state.AddFile(record);
        _committed = true;
        return record.ToPublic();
    }

    public void Dispose()
    {
        _stream.Dispose();
        _md5.Dispose();
        if (!_committed)
        {
            Uploads.PartReceiver.TryDelete(Path);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        Dispose();
    }
}

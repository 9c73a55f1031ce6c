using System.IO;
using OpenAI.PowerShell.Model;
using OpenAI.PowerShell.Uploads;

namespace OpenAI.PowerShell.Batches;

/// <summary>One batch's worth of requests, in a JSONL file of its own.</summary>
internal sealed record BatchChunk(string Path, long Requests, long Bytes);

/// <summary>
/// Writes request lines into JSONL files in a temp folder, starting a new file before one would
/// pass the API's limits (<see cref="BatchRules.MaxRequests"/> requests, <see cref="BatchRules.MaxBytes"/>
/// bytes), so each file is one batch. Lines are streamed to disk, never held together.
/// </summary>
internal sealed class BatchChunkWriter : IDisposable
{
    private static readonly byte[] NewLine = { (byte)'\n' };
    private readonly string _folder;
    private readonly string _stem;
    private readonly long _maxRequests;
    private readonly long _maxBytes;
    private readonly List<BatchChunk> _chunks = new();
    private FileStream? _current;
    private long _requests;

    public BatchChunkWriter(string stem, long maxRequests = BatchRules.MaxRequests, long maxBytes = BatchRules.MaxBytes)
    {
        _folder = Path.Combine(Path.GetTempPath(), "oai-batch-" + Guid.NewGuid().ToString("N"));
        Files.FileDownloader.EnsureFolder(_folder);
        _stem = stem;
        _maxRequests = maxRequests;
        _maxBytes = maxBytes;
    }

    public IReadOnlyList<BatchChunk> Chunks => _chunks;

    public long Requests => _chunks.Sum(c => c.Requests) + _requests;

    /// <summary>Adds one request line (without its newline).</summary>
    public void Add(byte[] line, int length)
    {
        var size = length + 1;
        if (_current is not null && (_requests >= _maxRequests || _current.Length + size > _maxBytes))
        {
            Close();
        }
        if (size > _maxBytes)
        {
            throw new Http.OpenAIException(Http.ErrorIds.BatchTooLarge,
                $"One request is {ByteSize.Format(size)}; a batch input file takes at most {ByteSize.Format(_maxBytes)}, so it cannot be sent in any batch.");
        }
        try
        {
            _current ??= new FileStream(Path.Combine(_folder, $"{_stem}.{_chunks.Count + 1}.jsonl"), FileMode.CreateNew, FileAccess.Write, FileShare.Read, 81920);
            _current.Write(line, 0, length);
            _current.Write(NewLine, 0, 1);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A full or read-only temp folder: the requests cannot be staged, so none is sent.
            throw new Http.OpenAIException(Http.ErrorIds.SaveFailed,
                $"The requests could not be written to the temp folder '{_folder}': {ex.Message} Nothing was sent.", ex) { Target = _folder };
        }
        _requests++;
    }

    /// <summary>Closes the last file; the chunks are then complete.</summary>
    public IReadOnlyList<BatchChunk> Complete()
    {
        Close();
        return _chunks;
    }

    private void Close()
    {
        if (_current is null)
        {
            return;
        }
        var path = _current.Name;
        var length = _current.Length;
        _current.Dispose();
        _current = null;
        _chunks.Add(new BatchChunk(path, _requests, length));
        _requests = 0;
    }

    /// <summary>Deletes the temp folder and everything in it.</summary>
    public void Dispose()
    {
        _current?.Dispose();
        _current = null;
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: the temp folder is the system's to clean.
        }
    }

    /// <summary>
    /// Cuts a JSONL file into chunks within the limits, line by line, or returns the file itself
    /// when it fits: most files do, and they are then sent as they are.
    /// </summary>
    public static IReadOnlyList<BatchChunk> Split(string path, BatchChunkWriter writer, CancellationToken cancellationToken)
    {
        try
        {
            return SplitFile(path, writer, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new Http.OpenAIException(Http.ErrorIds.FileReadFailed, $"Could not read '{path}': {ex.Message}", ex) { Target = path };
        }
    }

    private static IReadOnlyList<BatchChunk> SplitFile(string path, BatchChunkWriter writer, CancellationToken cancellationToken)
    {
        var info = new FileInfo(path);
        var lines = CountLines(path, cancellationToken);
        if (info.Length <= writer._maxBytes && lines <= writer._maxRequests)
        {
            return new[] { new BatchChunk(path, lines, info.Length) };
        }
        using var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.SequentialScan);
        var line = new MemoryStream();
        int next;
        var buffer = new byte[81920];
        int read;
        while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var start = 0;
            while ((next = Array.IndexOf(buffer, (byte)'\n', start, read - start)) >= 0)
            {
                line.Write(buffer, start, next - start);
                AddLine(writer, line);
                start = next + 1;
            }
            line.Write(buffer, start, read - start);
        }
        AddLine(writer, line);
        return writer.Complete();
    }

    private static void AddLine(BatchChunkWriter writer, MemoryStream line)
    {
        var length = (int)line.Length;
        // A CR before the newline and blank lines are not requests.
        var bytes = line.GetBuffer();
        if (length > 0 && bytes[length - 1] == '\r')
        {
            length--;
        }
        if (length > 0)
        {
            writer.Add(bytes, length);
        }
        line.SetLength(0);
    }

    private static long CountLines(string path, CancellationToken cancellationToken)
    {
        using var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var buffer = new byte[81920];
        long lines = 0;
        var last = (byte)'\n';
        int read;
        while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] == '\n')
                {
                    lines++;
                }
            }
            last = buffer[read - 1];
        }
        return last == '\n' ? lines : lines + 1;
    }
}

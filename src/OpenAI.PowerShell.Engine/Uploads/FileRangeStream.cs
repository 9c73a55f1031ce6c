namespace OpenAI.PowerShell.Uploads;

/// <summary>A read-only window onto a byte range of a file, read as it is sent.</summary>
internal sealed class FileRangeStream : Stream
{
    private const int BufferSize = 128 * 1024;
    private readonly FileStream _file;
    private readonly long _start;
    private readonly long _length;
    private long _position;

    public FileRangeStream(string path, long offset, long length)
    {
        _file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
        if (offset + length > _file.Length)
        {
            _file.Dispose();
            throw new IOException($"The file '{path}' is shorter than expected: it ends before byte {offset + length}.");
        }
        _start = offset;
        _length = length;
        _file.Position = offset;
    }

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var toRead = (int)Math.Min(count, _length - _position);
        if (toRead <= 0)
        {
            return 0;
        }
        var read = _file.Read(buffer, offset, toRead);
        _position += read;
        return read;
    }

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        var toRead = (int)Math.Min(count, _length - _position);
        if (toRead <= 0)
        {
            return 0;
        }
        var read = await _file.ReadAsync(buffer, offset, toRead, cancellationToken).ConfigureAwait(false);
        _position += read;
        return read;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => _length + offset,
        };
        if (target < 0 || target > _length)
        {
            throw new ArgumentOutOfRangeException(nameof(offset));
        }
        _position = target;
        _file.Position = _start + target;
        return _position;
    }

    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _file.Dispose();
        }
        base.Dispose(disposing);
    }
}

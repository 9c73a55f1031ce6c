namespace OpenAI.Emulator;

/// <summary>Reads several files one after another as one stream.</summary>
internal sealed class SegmentedReadStream(IReadOnlyList<string> paths) : Stream
{
    private int _index;
    private FileStream? _current;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => paths.Sum(p => new FileInfo(p).Length);
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (true)
        {
            if (_current is null)
            {
                if (_index >= paths.Count)
                {
                    return 0;
                }
                _current = new FileStream(paths[_index++], FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            }
            var read = _current.Read(buffer);
            if (read > 0 || buffer.Length == 0)
            {
                return read;
            }
            _current.Dispose();
            _current = null;
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (_current is null)
            {
                if (_index >= paths.Count)
                {
                    return 0;
                }
                _current = new FileStream(paths[_index++], FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
            }
            var read = await _current.ReadAsync(buffer, cancellationToken);
            if (read > 0 || buffer.Length == 0)
            {
                return read;
            }
            await _current.DisposeAsync();
            _current = null;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _current?.Dispose();
        }
        base.Dispose(disposing);
    }
}

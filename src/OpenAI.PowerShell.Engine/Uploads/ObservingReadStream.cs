namespace OpenAI.PowerShell.Uploads;

/// <summary>
/// Passes reads through to an inner stream and reports each block read, with its position in
/// that stream, so a part can be hashed or counted in the same pass that sends it.
/// </summary>
internal sealed class ObservingReadStream : Stream
{
    private readonly Stream _inner;
    private readonly Action<long, byte[], int, int> _onRead;
    private long _position;

    public ObservingReadStream(Stream inner, Action<long, byte[], int, int> onRead)
    {
        _inner = inner;
        _onRead = onRead;
    }

    public override bool CanRead => true;
    public override bool CanSeek => _inner.CanSeek;
    public override bool CanWrite => false;
    public override long Length => _inner.Length;

    public override long Position
    {
        get => _inner.Position;
        set => _position = _inner.Position = value;
    }

    public override int Read(byte[] buffer, int offset, int count) => Observe(buffer, offset, _inner.Read(buffer, offset, count));

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Observe(buffer, offset, await _inner.ReadAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false));

    private int Observe(byte[] buffer, int offset, int read)
    {
        if (read > 0)
        {
            _onRead(_position, buffer, offset, read);
            _position += read;
        }
        return read;
    }

    public override long Seek(long offset, SeekOrigin origin) => _position = _inner.Seek(offset, origin);
    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }
        base.Dispose(disposing);
    }
}

namespace OpenAI.Emulator.Shaping;

/// <summary>
/// Write wrapper over the response body that applies the bandwidth cap. Large writes are
/// split so pacing stays smooth instead of one long sleep after a burst.
/// </summary>
internal sealed class ShapedResponseStream(Stream inner, BandwidthPacer pacer) : Stream
{
    private const int Chunk = 16 * 1024;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!buffer.IsEmpty)
        {
            var slice = buffer[..Math.Min(Chunk, buffer.Length)];
            await inner.WriteAsync(slice, cancellationToken);
            await inner.FlushAsync(cancellationToken);
            await pacer.OnBytesAsync(slice.Length, cancellationToken);
            buffer = buffer[slice.Length..];
        }
    }

    public override void Flush() => inner.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}

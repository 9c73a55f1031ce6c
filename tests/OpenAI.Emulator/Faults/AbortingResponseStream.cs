namespace OpenAI.Emulator.Faults;

/// <summary>Passes the first N response bytes through, flushes them, then aborts the connection.</summary>
internal sealed class AbortingResponseStream(Stream inner, long limit, HttpContext ctx) : Stream
{
    private long _written;

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
        var allowed = (int)Math.Min(buffer.Length, Math.Max(0, limit - _written));
        if (allowed > 0)
        {
            await inner.WriteAsync(buffer[..allowed], cancellationToken);
            _written += allowed;
        }

        if (allowed < buffer.Length)
        {
            await AbortNowAsync();
            throw new OperationCanceledException("Response aborted by an injected fault.");
        }
    }

    /// <summary>Flushes what was allowed through, then drops the connection.</summary>
    public async Task AbortNowAsync()
    {
        try
        {
            await inner.FlushAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or InvalidOperationException)
        {
            // The client may already be gone; the abort below is what matters.
        }

        ctx.Abort();
    }

    public override void Flush() => inner.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}

using System.Security.Cryptography;

namespace OpenAI.PowerShell.Uploads;

/// <summary>
/// md5 of an upload's bytes, fed as they are read for sending. Bytes fed again (a retried part)
/// are skipped; a gap (bytes sent out of order) makes the hash unavailable rather than wrong.
/// </summary>
public sealed class OrderedMd5 : IDisposable
{
    private readonly object _gate = new();
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
    private string? _final;

    /// <summary>How many bytes from offset 0 have been hashed without a gap.</summary>
    public long HashedBytes { get; private set; }

    public bool Broken { get; private set; }

    public void Feed(long offset, byte[] buffer, int index, int count)
    {
        lock (_gate)
        {
            if (Broken || _final is not null || count <= 0)
            {
                return;
            }
            var end = offset + count;
            if (offset > HashedBytes)
            {
                Broken = true;
                return;
            }
            if (end <= HashedBytes)
            {
                return;
            }
            var skip = (int)(HashedBytes - offset);
            _hash.AppendData(buffer, index + skip, count - skip);
            HashedBytes = end;
        }
    }

    /// <summary>The lowercase hex md5 when exactly <paramref name="totalBytes"/> were hashed in order; otherwise null.</summary>
    public string? TryFinish(long totalBytes)
    {
        lock (_gate)
        {
            if (_final is not null)
            {
                return HashedBytes == totalBytes ? _final : null;
            }
            if (Broken || HashedBytes != totalBytes)
            {
                return null;
            }
            _final = ToHex(_hash.GetHashAndReset());
            return _final;
        }
    }

    public static string ToHex(byte[] bytes)
    {
        var chars = new char[bytes.Length * 2];
        for (var i = 0; i < bytes.Length; i++)
        {
            chars[2 * i] = HexDigit(bytes[i] >> 4);
            chars[2 * i + 1] = HexDigit(bytes[i] & 0xF);
        }
        return new string(chars);
    }

    private static char HexDigit(int value) => (char)(value < 10 ? '0' + value : 'a' + value - 10);

    public void Dispose() => _hash.Dispose();
}

/// <summary>Feeds what is read through it into an <see cref="OrderedMd5"/> at the right offsets.</summary>
public sealed class HashingReadStream : Stream
{
    private readonly Stream _inner;
    private readonly OrderedMd5 _md5;
    private readonly long _baseOffset;
    private long _position;

    public HashingReadStream(Stream inner, OrderedMd5 md5, long baseOffset)
    {
        _inner = inner;
        _md5 = md5;
        _baseOffset = baseOffset;
    }

    public override bool CanRead => true;
    public override bool CanSeek => _inner.CanSeek;
    public override bool CanWrite => false;
    public override long Length => _inner.Length;

    public override long Position
    {
        get => _inner.Position;
        set
        {
            _inner.Position = value;
            _position = value;
        }
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = _inner.Read(buffer, offset, count);
        Hash(buffer, offset, read);
        return read;
    }

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        var read = await _inner.ReadAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
        Hash(buffer, offset, read);
        return read;
    }

    private void Hash(byte[] buffer, int offset, int read)
    {
        if (read > 0)
        {
            _md5.Feed(_baseOffset + _position, buffer, offset, read);
            _position += read;
        }
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        _position = _inner.Seek(offset, origin);
        return _position;
    }

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

using System.Security.Cryptography;

namespace OpenAI.PowerShell.Uploads;

/// <summary>
/// md5 of an upload's bytes, fed as they are read for sending. Bytes fed again (a retried part)
/// are skipped; a gap (bytes sent out of order) makes the hash unavailable rather than wrong.
/// </summary>
internal sealed class OrderedMd5 : IDisposable
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

    /// <summary>Under the lock, so a part still being hashed after a failure finds the hash gone instead of disposed under it.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            Broken = true;
            _hash.Dispose();
        }
    }
}

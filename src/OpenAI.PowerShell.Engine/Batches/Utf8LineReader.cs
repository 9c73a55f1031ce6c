using System.Buffers;
using System.IO;

namespace OpenAI.PowerShell.Batches;

/// <summary>
/// Reads a stream's lines as UTF-8 bytes, each a slice of one reused buffer that is valid until the
/// next read, so a line of megabytes (a batch result holding a base64 image) costs no string and no
/// copy: JSON is parsed from the bytes as they are. '\n' ends a line; a '\r' before it is dropped.
/// </summary>
internal sealed class Utf8LineReader : IDisposable
{
    private static readonly byte[] Bom = { 0xEF, 0xBB, 0xBF };
    private readonly Stream _stream;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(81920);
    private int _start;
    private int _end;
    private bool _ended;
    private bool _first = true;

    public Utf8LineReader(Stream stream) => _stream = stream;

    /// <summary>The next line without its line end, or null at the end of the stream.</summary>
    public async Task<ReadOnlyMemory<byte>?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var scanned = 0;
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start + scanned, _end - _start - scanned);
            if (newline >= 0)
            {
                var line = Line(_start, newline);
                _start = newline + 1;
                return line;
            }
            if (_ended)
            {
                if (_start == _end)
                {
                    return null;
                }
                var last = Line(_start, _end);
                _start = _end;
                return last;
            }
            scanned = _end - _start;
            MakeRoom();
            var read = await _stream.ReadAsync(_buffer, _end, _buffer.Length - _end, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                _ended = true;
            }
            _end += read;
        }
    }

    /// <summary>Moves the unread bytes to the front, and doubles the buffer when one line fills it.</summary>
    private void MakeRoom()
    {
        var unread = _end - _start;
        if (unread == _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            Buffer.BlockCopy(_buffer, _start, larger, 0, unread);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
        else if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, unread);
        }
        _start = 0;
        _end = unread;
    }

    private ReadOnlyMemory<byte> Line(int from, int to)
    {
        if (_first)
        {
            // A byte order mark is no part of the first line's JSON.
            _first = false;
            if (to - from >= Bom.Length && _buffer[from] == Bom[0] && _buffer[from + 1] == Bom[1] && _buffer[from + 2] == Bom[2])
            {
                from += Bom.Length;
            }
        }
        if (to > from && _buffer[to - 1] == '\r')
        {
            to--;
        }
        return new ReadOnlyMemory<byte>(_buffer, from, to - from);
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = Array.Empty<byte>();
    }
}

namespace OpenAI.PowerShell.Uploads;

/// <summary>
/// Where a part's bytes come from. OpenRead is called for every attempt, so a retried part
/// reads its range again instead of keeping it in memory.
/// </summary>
internal abstract class PartSource
{
    public abstract long Length { get; }

    public abstract Stream OpenRead();

    public static PartSource FromBytes(byte[] buffer, int offset, int count) => new BytesPartSource(buffer, offset, count);

    /// <param name="observe">Wraps each try's stream, e.g. to count what the request reads.</param>
    public static PartSource FromFile(string path, long offset, long length, Func<Stream, Stream>? observe = null) =>
        new FilePartSource(path, offset, length, observe);

    private sealed class BytesPartSource : PartSource
    {
        private readonly byte[] _buffer;
        private readonly int _offset;
        private readonly int _count;

        public BytesPartSource(byte[] buffer, int offset, int count)
        {
            _buffer = buffer;
            _offset = offset;
            _count = count;
        }

        public override long Length => _count;

        public override Stream OpenRead() => new MemoryStream(_buffer, _offset, _count, writable: false);
    }

    private sealed class FilePartSource : PartSource
    {
        private readonly string _path;
        private readonly long _offset;
        private readonly long _length;
        private readonly Func<Stream, Stream>? _observe;

        public FilePartSource(string path, long offset, long length, Func<Stream, Stream>? observe)
        {
            _path = path;
            _offset = offset;
            _length = length;
            _observe = observe;
        }

        public override long Length => _length;

        public override Stream OpenRead()
        {
            var range = new FileRangeStream(_path, _offset, _length);
            return _observe is null ? range : _observe(range);
        }
    }
}

using OpenAI.PowerShell.Images;
using OpenAI.PowerShell.TestSupport;

namespace OpenAI.PowerShell.Engine.Tests.Images;

public sealed class ImageHeaderReaderTests
{
    private static ImageHeader Read(byte[] bytes) => ImageHeaderReader.Read(new MemoryStream(bytes));

    [Theory]
    [InlineData(6, false, true)]
    [InlineData(4, false, true)]
    [InlineData(2, false, false)]
    [InlineData(0, false, false)]
    [InlineData(2, true, true)]
    [InlineData(3, true, true)]
    [InlineData(3, false, false)]
    public void Png_reports_size_colour_type_and_alpha(int colorType, bool trns, bool alpha)
    {
        var header = Read(TestImages.Png(37, 21, colorType, trns));

        Assert.Equal(ImageKind.Png, header.Kind);
        Assert.Equal(37, header.Width);
        Assert.Equal(21, header.Height);
        Assert.Equal(colorType, header.ColorType);
        Assert.Equal(8, header.BitDepth);
        Assert.Equal(trns, header.HasTransparencyChunk);
        Assert.Equal(alpha, header.HasAlpha);
        Assert.Equal("image/png", header.MimeType);
    }

    [Fact]
    public void Png_trns_after_idat_does_not_count()
    {
        var header = Read(TestImages.Png(8, 8, colorType: 2, trns: true, trnsAfterIdat: true));

        Assert.False(header.HasTransparencyChunk);
        Assert.False(header.HasAlpha);
    }

    [Fact]
    public void Png_skips_ancillary_chunks_before_finding_trns()
    {
        var header = Read(TestImages.Png(8, 8, colorType: 2, trns: true, beforeIdat: new byte[5000]));

        Assert.True(header.HasAlpha);
    }

    [Fact]
    public void Reading_a_file_reads_only_the_header()
    {
        using var dir = new TestFiles();
        // 3 MB of ancillary data sits between IHDR and tRNS: the reader must seek past it.
        var path = dir.Write("big.png", TestImages.Png(64, 64, colorType: 2, trns: true, beforeIdat: new byte[3 * 1024 * 1024]));
        using var counting = new CountingStream(File.OpenRead(path));

        var header = ImageHeaderReader.Read(counting);

        Assert.Equal(64, header.Width);
        Assert.True(header.HasAlpha);
        Assert.Equal(new FileInfo(path).Length, header.FileLength);
        Assert.True(counting.BytesRead < 1024, $"read {counting.BytesRead} bytes");
        Assert.Equal(64, ImageHeaderReader.Read(path).Height);
    }

    [Theory]
    [InlineData(0xC0)]
    [InlineData(0xC2)]
    [InlineData(0xCF)]
    public void Jpeg_reports_size_from_the_frame_header(byte marker)
    {
        var header = Read(TestImages.Jpeg(640, 480, marker));

        Assert.Equal(ImageKind.Jpeg, header.Kind);
        Assert.Equal(640, header.Width);
        Assert.Equal(480, header.Height);
        Assert.False(header.HasAlpha);
        Assert.Equal("image/jpeg", header.MimeType);
    }

    [Fact]
    public void Jpeg_without_a_frame_header_is_broken()
    {
        var bytes = new byte[] { 0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02, 0xFF, 0xD9 };

        Assert.Throws<InvalidDataException>(() => Read(bytes));
    }

    [Fact]
    public void Webp_lossy_reports_size_without_alpha()
    {
        var header = Read(TestImages.WebpLossy(1000, 750));

        Assert.Equal(ImageKind.Webp, header.Kind);
        Assert.Equal((1000, 750), (header.Width, header.Height));
        Assert.False(header.HasAlpha);
        Assert.Equal("image/webp", header.MimeType);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Webp_lossless_reads_the_alpha_bit(bool alpha)
    {
        var header = Read(TestImages.WebpLossless(16383, 2, alpha));

        Assert.Equal((16383, 2), (header.Width, header.Height));
        Assert.Equal(alpha, header.HasAlpha);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Webp_extended_reads_the_alpha_flag_and_24_bit_size(bool alpha)
    {
        var header = Read(TestImages.WebpExtended(20000, 300, alpha));

        Assert.Equal((20000, 300), (header.Width, header.Height));
        Assert.Equal(alpha, header.HasAlpha);
    }

    [Fact]
    public void Unknown_bytes_are_unknown()
    {
        var header = Read("GIF89a-not-supported"u8.ToArray());

        Assert.Equal(ImageKind.Unknown, header.Kind);
        Assert.Equal("application/octet-stream", header.MimeType);
    }

    [Fact]
    public void Truncated_png_is_broken()
    {
        var bytes = TestImages.Png(8, 8).Take(20).ToArray();

        Assert.Throws<InvalidDataException>(() => Read(bytes));
    }

    private sealed class CountingStream : Stream
    {
        private readonly Stream _inner;
        public CountingStream(Stream inner) => _inner = inner;
        public long BytesRead { get; private set; }
        public override bool CanRead => true;
        public override bool CanSeek => _inner.CanSeek;
        public override bool CanWrite => false;
        public override long Length => _inner.Length;
        public override long Position { get => _inner.Position; set => _inner.Position = value; }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = _inner.Read(buffer, offset, count);
            BytesRead += read;
            return read;
        }
        public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        protected override void Dispose(bool disposing)
        {
            if (disposing) _inner.Dispose();
            base.Dispose(disposing);
        }
    }
}

using System.Text;
using OpenAI.PowerShell.Batches;

namespace OpenAI.PowerShell.Engine.Tests.Batches;

public sealed class Utf8LineReaderTests
{
    private static async Task<List<string>> LinesOf(byte[] content, int chunk)
    {
        using var reader = new Utf8LineReader(new ChunkedStream(content, chunk));
        var lines = new List<string>();
        while (await reader.ReadLineAsync(default) is { } line)
        {
            lines.Add(Encoding.UTF8.GetString(line.ToArray()));
        }
        return lines;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(81920)]
    public async Task Lines_come_whole_however_the_bytes_arrive_with_CR_LF_a_BOM_and_no_last_newline(int chunk)
    {
        var longLine = new string('x', 300_000);
        var content = Encoding.UTF8.GetBytes("\uFEFF{\"a\":1}\r\n\n" + longLine + "\nnaïve ünïcode\r\nlast");

        var lines = await LinesOf(content, chunk);

        Assert.Equal(new[] { "{\"a\":1}", "", longLine, "naïve ünïcode", "last" }, lines);
    }

    [Fact]
    public async Task An_empty_stream_has_no_lines()
    {
        Assert.Empty(await LinesOf(Array.Empty<byte>(), 10));
    }

    /// <summary>Hands out at most <c>chunk</c> bytes a read, as a network stream does.</summary>
    private sealed class ChunkedStream(byte[] content, int chunk) : MemoryStream(content)
    {
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, chunk), cancellationToken);
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Text;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Uploads;

namespace OpenAI.PowerShell.Engine.Tests.Http;

/// <summary>A stop that comes after the server answered success still lets the answer be read, briefly.</summary>
public sealed class AnswerAfterStopTests
{
    private const string PartJson = "{\"id\":\"part_1\",\"object\":\"upload.part\",\"upload_id\":\"upload_1\",\"created_at\":1}";

    private static UploadService Service(Stream body) => new(new OpenAIClient(
        new ClientSettings { ApiKey = ApiKey.From("sk-test-0123456789"), BaseUri = new Uri("https://api.test.example/v1"), MaxRetries = 0 },
        null, new RetryPolicy(0), new HttpClient(new BodyHandler(body))));

    [Fact]
    public async Task A_part_the_server_accepted_is_kept_when_the_stop_comes_while_its_answer_is_read()
    {
        using var stop = new CancellationTokenSource();
        var service = Service(new StopMidAnswerStream(stop, TimeSpan.FromMilliseconds(50)));

        var part = await service.AddPartAsync("upload_1", PartSource.FromBytes(new byte[10], 0, 10), 1, 0, stop.Token);

        Assert.True(stop.IsCancellationRequested);
        Assert.Equal("part_1", part.Id);
    }

    [Fact]
    public async Task An_answer_that_does_not_come_within_the_grace_is_given_up()
    {
        using var stop = new CancellationTokenSource();
        var service = Service(new StopMidAnswerStream(stop, TimeSpan.FromSeconds(30)));
        var watch = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            service.AddPartAsync("upload_1", PartSource.FromBytes(new byte[10], 0, 10), 1, 0, stop.Token));

        Assert.InRange(watch.Elapsed, OpenAIClient.AnswerGrace, TimeSpan.FromSeconds(5));
    }

    private sealed class BodyHandler(Stream body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var content = new StreamContent(body);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content });
        }
    }

    /// <summary>The answer's first half, then Ctrl+C, then the rest after a delay that honours the reader's token.</summary>
    private sealed class StopMidAnswerStream(CancellationTokenSource stop, TimeSpan delay) : Stream
    {
        private readonly byte[] _json = Encoding.UTF8.GetBytes(PartJson);
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => _json.Length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position > 0 && _position < _json.Length)
            {
                stop.Cancel();
                await Task.Delay(delay, cancellationToken);
            }
            var count = Math.Min(buffer.Length, _position == 0 ? _json.Length / 2 : _json.Length - _position);
            _json.AsSpan(_position, count).CopyTo(buffer.Span);
            _position += count;
            return count;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("read asynchronously");
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

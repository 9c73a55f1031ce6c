using System.IO;
using System.Text;

namespace OpenAI.PowerShell.Images;

/// <summary>One text/event-stream event: its event name (may be null) and its joined data lines.</summary>
internal readonly struct ServerSentEvent
{
    public ServerSentEvent(string? name, string data)
    {
        Name = name;
        Data = data;
    }

    public string? Name { get; }
    public string Data { get; }
}

/// <summary>
/// Reads text/event-stream as the HTML spec defines it: "field: value" lines, a blank line ends an
/// event, several data lines join with newlines, lines starting with ':' are comments.
/// </summary>
internal sealed class ServerSentEventReader
{
    private readonly TextReader _reader;

    public ServerSentEventReader(Stream stream) => _reader = new StreamReader(stream, new UTF8Encoding(false), false, 16384);

    public ServerSentEventReader(TextReader reader) => _reader = reader;

    /// <summary>The next event, or null at the end of the stream.</summary>
    public async Task<ServerSentEvent?> ReadAsync(CancellationToken cancellationToken)
    {
        string? name = null;
        StringBuilder? data = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
#if NET8_0_OR_GREATER
            var line = await _reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
#else
            var line = await _reader.ReadLineAsync().ConfigureAwait(false);
#endif
            if (line is null)
            {
                // An event without its closing blank line still counts when the stream ends.
                return data is null ? null : new ServerSentEvent(name, data.ToString());
            }
            if (line.Length == 0)
            {
                if (data is not null)
                {
                    return new ServerSentEvent(name, data.ToString());
                }
                name = null;
                continue;
            }
            if (line[0] == ':')
            {
                continue;
            }
            var colon = line.IndexOf(':');
            var field = colon < 0 ? line : line.Substring(0, colon);
            var value = colon < 0 ? "" : line.Substring(colon + 1);
            if (value.Length > 0 && value[0] == ' ')
            {
                value = value.Substring(1);
            }
            if (field == "event")
            {
                name = value;
            }
            else if (field == "data")
            {
                if (data is null)
                {
                    data = new StringBuilder(value);
                }
                else
                {
                    data.Append('\n').Append(value);
                }
            }
            // id and retry mean nothing for a one-shot response.
        }
    }
}

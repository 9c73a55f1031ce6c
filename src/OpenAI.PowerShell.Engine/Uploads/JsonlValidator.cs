using System.Text.Json;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Model;

namespace OpenAI.PowerShell.Uploads;

/// <summary>
/// Checks a batch or fine-tuning JSONL file in one streaming pass before any byte is sent: UTF-8,
/// one JSON object per line, then the format's rules (<see cref="BatchRules"/>, <see cref="FineTuneRules"/>).
/// Memory is one read buffer, grown only for a single JSON token larger than it, never the file or a line.
/// Lines (jsonlines.org): each ends at '\n' (a '\r' before it is JSON whitespace); the last line may
/// end without one, and a final '\n' does not start another line. A blank line is a problem, since a
/// blank line is not a JSON value.
/// </summary>
public static class JsonlValidator
{
    public const int DefaultBufferSize = 64 * 1024;

    /// <summary>The format to check a file against, or null when it is not one this module checks.</summary>
    public static JsonlKind? KindFor(string fileName, string purpose)
    {
        if (!fileName.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        return purpose.Equals("batch", StringComparison.OrdinalIgnoreCase) ? JsonlKind.Batch
            : purpose.Equals("fine-tune", StringComparison.OrdinalIgnoreCase) ? JsonlKind.FineTune
            : null;
    }

    /// <summary>
    /// Checks a .jsonl file sent for batch or fine-tune (any other file passes unread) off the
    /// caller's thread, so Ctrl+C stays responsive, and throws <see cref="InvalidJsonlException"/>.
    /// </summary>
    public static Task<JsonlReport?> EnsureValidAsync(string path, string purpose, CancellationToken cancellationToken) =>
        KindFor(Path.GetFileName(path), purpose) is { } kind
            ? Task.Run<JsonlReport?>(() => EnsureValid(path, kind, cancellationToken), cancellationToken)
            : Task.FromResult<JsonlReport?>(null);

    public static JsonlReport EnsureValid(string path, JsonlKind kind, CancellationToken cancellationToken, int bufferSize = DefaultBufferSize)
    {
        var report = CheckFile(path, kind, cancellationToken, bufferSize);
        if (!report.IsValid)
        {
            throw new InvalidJsonlException(path, report);
        }
        return report;
    }

    public static JsonlReport CheckFile(string path, JsonlKind kind, CancellationToken cancellationToken, int bufferSize = DefaultBufferSize)
    {
        try
        {
            // No FileStream buffer of its own: reads go straight into ours.
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            if (kind == JsonlKind.Batch && stream.Length > BatchRules.MaxBytes)
            {
                // Refused by size alone; reading 200 MiB more would tell the user nothing new.
                var problems = new JsonlProblems();
                problems.Add(1, null, ErrorIds.BatchTooLarge,
                    $"the file is {ByteSize.Format(stream.Length)} ({ByteSize.Count(stream.Length)} bytes); a batch input file can be up to 200 MB ({ByteSize.Count(BatchRules.MaxBytes)} bytes)");
                return new JsonlReport(kind, 0, problems);
            }
            return Check(stream, kind, cancellationToken, bufferSize);
        }
        catch (FileNotFoundException ex)
        {
            throw new OpenAIException(ErrorIds.FileNotFound, $"File not found: '{path}'.", ex) { Target = path };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new OpenAIException(ErrorIds.FileReadFailed, $"Could not read '{path}' to check it: {ex.Message}", ex) { Target = path };
        }
    }

    /// <summary>Checks a stream of JSONL from its current position to its end.</summary>
    public static JsonlReport Check(Stream stream, JsonlKind kind, CancellationToken cancellationToken, int bufferSize = DefaultBufferSize)
    {
        var problems = new JsonlProblems();
        var batch = kind == JsonlKind.Batch ? new BatchRules() : null;
        var line = new LineChecker(batch ?? (IJsonlRules)new FineTuneRules(), problems);
        var buffer = new byte[Math.Max(16, bufferSize)];
        int start = 0, end = 0, scanFrom = 0;
        var eof = false;
        while (end < 3 && !eof)
        {
            var first = stream.Read(buffer, end, buffer.Length - end);
            eof = first == 0;
            end += first;
        }
        if (end >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF)
        {
            // RFC 8259 section 8.1: JSON text sent over a network MUST NOT start with a byte order mark.
            problems.Add(1, null, ErrorIds.InvalidJsonl, "the file starts with a UTF-8 byte order mark (BOM); save it as UTF-8 without one");
            start = scanFrom = 3;
        }
        while (true)
        {
            var newline = scanFrom < end ? buffer.AsSpan(scanFrom, end - scanFrom).IndexOf((byte)'\n') : -1;
            if (newline >= 0)
            {
                newline += scanFrom;
                line.Finish(buffer.AsSpan(start, newline - start));
                start = scanFrom = newline + 1;
                continue;
            }
            if (eof)
            {
                if (end > start || line.HasStarted)
                {
                    line.Finish(buffer.AsSpan(start, end - start));
                }
                break;
            }
            if (start > 0)
            {
                Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }
            else if (end == buffer.Length)
            {
                // A line longer than the buffer: read the tokens that are complete, keep the rest.
                var consumed = line.Feed(buffer.AsSpan(0, end));
                if (consumed == 0)
                {
                    // One token (a long string) is larger than the buffer; only then does it grow.
                    Array.Resize(ref buffer, buffer.Length * 2);
                }
                else
                {
                    Buffer.BlockCopy(buffer, consumed, buffer, 0, end - consumed);
                    end -= consumed;
                }
            }
            scanFrom = end;
            cancellationToken.ThrowIfCancellationRequested();
            var read = stream.Read(buffer, end, buffer.Length - end);
            if (read == 0)
            {
                eof = true;
            }
            end += read;
        }
        if (line.Count == 0 && problems.Total == 0)
        {
            problems.Add(1, null, ErrorIds.InvalidJsonl, "the file holds no lines");
        }
        return new JsonlReport(kind, line.Count, problems) { Endpoint = batch?.Endpoint };
    }

    /// <summary>
    /// Reads one line at a time, in one piece or in several (a line longer than the buffer). The
    /// reader's state carries across the pieces, so nothing of the line is kept but the facts.
    /// </summary>
    private sealed class LineChecker
    {
        private static readonly JsonReaderOptions Options = new() { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 256 };
        private readonly IJsonlRules _rules;
        private readonly JsonlProblems _problems;
        private readonly LineFacts _facts = new();
        private JsonReaderState _state = new(Options);
        private bool _broken;
        private long _fed;

        public LineChecker(IJsonlRules rules, JsonlProblems problems)
        {
            _rules = rules;
            _problems = problems;
        }

        /// <summary>Lines finished so far; the current line's number is one more.</summary>
        public long Count { get; private set; }

        public bool HasStarted => _fed > 0 || _broken;

        /// <summary>A piece of a line that goes on; returns how many bytes were used (whole tokens).</summary>
        public int Feed(ReadOnlySpan<byte> piece)
        {
            if (_broken)
            {
                return piece.Length;
            }
            var reader = new Utf8JsonReader(piece, isFinalBlock: false, _state);
            if (!Read(ref reader))
            {
                return piece.Length;
            }
            var consumed = (int)reader.BytesConsumed;
            // Whole tokens end on character boundaries, so the used bytes can be checked on their own.
            if (!Utf8Check(piece.Slice(0, consumed)))
            {
                return piece.Length;
            }
            _state = reader.CurrentState;
            _fed += consumed;
            return consumed;
        }

        /// <summary>The rest of the line, without its '\n'.</summary>
        public void Finish(ReadOnlySpan<byte> rest)
        {
            var number = Count + 1;
            if (!_broken)
            {
                if (_fed == 0 && IsBlank(rest))
                {
                    _problems.Add(number, null, ErrorIds.InvalidJsonl, "is blank; every line must be one JSON object");
                }
                else if (Utf8Check(rest) && !Scanned(rest, number))
                {
                    var reader = new Utf8JsonReader(rest, isFinalBlock: true, _state);
                    if (Read(ref reader))
                    {
                        if (_facts.Root != JsonTokenType.StartObject)
                        {
                            _problems.Add(number, null, ErrorIds.InvalidJsonl, $"is {LineFacts.Describe(_facts.Root)}; every line must be one JSON object");
                        }
                        else
                        {
                            _rules.CheckLine(_facts, number, _problems);
                        }
                    }
                }
            }
            Count = number;
            _facts.Reset();
            _state = new JsonReaderState(Options);
            _broken = false;
            _fed = 0;
        }

        /// <summary>
        /// A whole line goes to the fast scan first; false when the reader must read it: a line in
        /// pieces, or one the scan does not accept, whose problem the reader words.
        /// </summary>
        private bool Scanned(ReadOnlySpan<byte> line, long number)
        {
            if (_fed > 0)
            {
                return false;
            }
            if (JsonLineScan.TryRead(line, _facts))
            {
                _rules.CheckLine(_facts, number, _problems);
                return true;
            }
            _facts.Reset();
            return false;
        }

        private bool Read(ref Utf8JsonReader reader)
        {
            try
            {
                while (reader.Read())
                {
                    _facts.Observe(ref reader);
                }
                return true;
            }
            catch (JsonException ex)
            {
                _broken = true;
                // The reader's message ends with its position, counted across the pieces of this line; ours says it once.
                var message = ex.Message;
                var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
                var reason = (cut > 0 ? message.Substring(0, cut) : message).TrimEnd();
                _problems.Add(Count + 1, null, ErrorIds.InvalidJsonl, $"is not valid JSON at byte {(ex.BytePositionInLine ?? 0) + 1}: {reason}");
                return false;
            }
        }

        private bool Utf8Check(ReadOnlySpan<byte> bytes)
        {
            var bad = Utf8Scan.FirstInvalid(bytes);
            if (bad < 0)
            {
                return true;
            }
            _broken = true;
            _problems.Add(Count + 1, null, ErrorIds.InvalidJsonl, $"is not valid UTF-8 (byte {_fed + bad + 1} of the line is 0x{bytes[bad]:X2})");
            return false;
        }

        private static bool IsBlank(ReadOnlySpan<byte> bytes)
        {
            foreach (var b in bytes)
            {
                if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r'))
                {
                    return false;
                }
            }
            return true;
        }
    }
}

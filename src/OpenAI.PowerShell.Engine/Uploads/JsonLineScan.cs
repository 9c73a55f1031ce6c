using System.Text.Json;
#if NET8_0_OR_GREATER
using System.Buffers;
#endif

namespace OpenAI.PowerShell.Uploads;

/// <summary>
/// The fast path for a whole line: a strict JSON scan (RFC 8259; no comments or trailing commas, as
/// the validator's Utf8JsonReader is set) that accepts a line holding one object and fills its facts
/// as <see cref="LineFacts.Observe"/> would, or gives up. A line it gives up on is read again by
/// Utf8JsonReader, which words the problem, so the scan must never accept what the reader refuses; it
/// may refuse more (deep nesting, escapes where the rules read text), which costs only time.
/// Why: the reader makes a token of every value, and within a string that holds an escape it goes
/// byte by byte; most of a batch line is such strings, which this scan crosses a vector at a time.
/// </summary>
internal static class JsonLineScan
{
    /// <summary>Nesting kept in one ulong, a bit a level; deeper lines go to the reader (MaxDepth 256).</summary>
    private const int MaxDepth = 64;

#if NET8_0_OR_GREATER
    // Where a string's plain run ends: its quote, an escape, or a control character (refused unescaped).
    private static readonly SearchValues<byte> StringStops = SearchValues.Create(
        Enumerable.Range(0, 0x20).Select(b => (byte)b).Concat(new[] { (byte)'"', (byte)'\\' }).ToArray());
#endif

    private enum Expect { Value, Name, Next }

    /// <summary>Scans a line (valid UTF-8, without its '\n'); true when it is one well-formed object, with its facts filled in.</summary>
    public static bool TryRead(ReadOnlySpan<byte> line, LineFacts facts)
    {
        var i = SkipWhitespace(line, 0);
        if (i >= line.Length || line[i] != (byte)'{')
        {
            return false;
        }
        facts.Root = JsonTokenType.StartObject;
        i++;
        ulong objects = 1; // bit d: the container at depth d + 1 is an object
        var depth = 1;
        var expect = Expect.Name;
        var opened = true; // just after '{' or '[', where it may close at once
        var field = -1;
        while (true)
        {
            i = SkipWhitespace(line, i);
            if (i >= line.Length)
            {
                return false;
            }
            var b = line[i];
            var inObject = (objects >> (depth - 1) & 1) != 0;
            if (b == (inObject ? (byte)'}' : (byte)']') && (expect == Expect.Next || opened))
            {
                i++;
                if (--depth == 0)
                {
                    return SkipWhitespace(line, i) == line.Length;
                }
                expect = Expect.Next;
                opened = false;
                continue;
            }
            opened = false;
            if (expect == Expect.Next)
            {
                if (b != (byte)',')
                {
                    return false;
                }
                i++;
                expect = inObject ? Expect.Name : Expect.Value;
                continue;
            }
            if (expect == Expect.Name)
            {
                var start = i + 1;
                if (b != (byte)'"' || !TryString(line, ref i, out var escaped))
                {
                    return false;
                }
                if (depth == 1)
                {
                    // The reader unescapes a name before matching it; leave such names to it.
                    if (escaped)
                    {
                        return false;
                    }
                    field = LineFacts.Match(line.Slice(start, i - 1 - start));
                }
                i = SkipWhitespace(line, i);
                if (i >= line.Length || line[i] != (byte)':')
                {
                    return false;
                }
                i++;
                expect = Expect.Value;
                continue;
            }
            // A value; only the root object's own fields are facts.
            var owner = depth == 1 ? field : -1;
            field = -1;
            JsonTokenType type;
            string? text = null;
            if (b is (byte)'{' or (byte)'[')
            {
                if (depth == MaxDepth)
                {
                    return false;
                }
                objects = b == (byte)'{' ? objects | 1UL << depth : objects & ~(1UL << depth);
                depth++;
                i++;
                type = b == (byte)'{' ? JsonTokenType.StartObject : JsonTokenType.StartArray;
                expect = b == (byte)'{' ? Expect.Name : Expect.Value;
                opened = true;
            }
            else
            {
                var start = i + 1;
                if (b == (byte)'"')
                {
                    if (!TryString(line, ref i, out var escaped))
                    {
                        return false;
                    }
                    if (owner >= 0 && LineFacts.IsText(owner))
                    {
                        // Utf8JsonReader.GetString would unescape, and throws on a lone surrogate; leave those to it.
                        if (escaped)
                        {
                            return false;
                        }
                        text = facts.Text(owner, line.Slice(start, i - 1 - start));
                    }
                    type = JsonTokenType.String;
                }
                else if (!TryLiteralOrNumber(line, ref i, out type))
                {
                    return false;
                }
                expect = Expect.Next;
            }
            if (owner >= 0)
            {
                facts.Set(owner, type, text);
            }
        }
    }

    private static int SkipWhitespace(ReadOnlySpan<byte> s, int i)
    {
        while (i < s.Length && s[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            i++;
        }
        return i;
    }

    /// <summary>From the opening quote at <paramref name="i"/> to just past the closing one.</summary>
    private static bool TryString(ReadOnlySpan<byte> s, ref int i, out bool escaped)
    {
        escaped = false;
        i++;
        while (true)
        {
            var stop = IndexOfStop(s.Slice(i));
            if (stop < 0)
            {
                return false;
            }
            i += stop;
            var b = s[i];
            if (b == (byte)'"')
            {
                i++;
                return true;
            }
            if (b != (byte)'\\' || ++i >= s.Length)
            {
                return false;
            }
            escaped = true;
            b = s[i];
            if (b == (byte)'u')
            {
                if (i + 4 >= s.Length || !IsHex(s[i + 1]) || !IsHex(s[i + 2]) || !IsHex(s[i + 3]) || !IsHex(s[i + 4]))
                {
                    return false;
                }
                i += 5;
            }
            else if (b is (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t')
            {
                i++;
            }
            else
            {
                return false;
            }
        }
    }

    private static int IndexOfStop(ReadOnlySpan<byte> s)
    {
#if NET8_0_OR_GREATER
        return s.IndexOfAny(StringStops);
#else
        for (var k = 0; k < s.Length; k++)
        {
            if (s[k] is (byte)'"' or (byte)'\\' or < 0x20)
            {
                return k;
            }
        }
        return -1;
#endif
    }

    private static bool TryLiteralOrNumber(ReadOnlySpan<byte> s, ref int i, out JsonTokenType type)
    {
        var rest = s.Slice(i);
        (type, var length) = rest.StartsWith("true"u8) ? (JsonTokenType.True, 4)
            : rest.StartsWith("false"u8) ? (JsonTokenType.False, 5)
            : rest.StartsWith("null"u8) ? (JsonTokenType.Null, 4)
            : (JsonTokenType.Number, 0);
        if (length > 0)
        {
            i += length;
            return true;
        }
        // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?; what follows is checked as the next token.
        if (s[i] == (byte)'-')
        {
            i++;
        }
        if (i < s.Length && s[i] == (byte)'0')
        {
            i++;
        }
        else if (!Digits(s, ref i))
        {
            return false;
        }
        if (i < s.Length && s[i] == (byte)'.')
        {
            i++;
            if (!Digits(s, ref i))
            {
                return false;
            }
        }
        if (i < s.Length && (s[i] | 0x20) == (byte)'e')
        {
            i++;
            if (i < s.Length && s[i] is (byte)'+' or (byte)'-')
            {
                i++;
            }
            return Digits(s, ref i);
        }
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> s, ref int i)
    {
        var start = i;
        while (i < s.Length && (uint)(s[i] - '0') <= 9)
        {
            i++;
        }
        return i > start;
    }

    private static bool IsHex(byte b) => (uint)(b - '0') <= 9 || (uint)((b | 0x20) - 'a') <= 5;
}

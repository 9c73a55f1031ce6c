namespace OpenAI.PowerShell.Uploads;

/// <summary>Finds the first byte that is not well-formed UTF-8 (RFC 3629: no overlongs, surrogates or code points above U+10FFFF).</summary>
internal static class Utf8Scan
{
    /// <returns>The index of the first bad byte, or -1 when all of <paramref name="bytes"/> is valid.</returns>
    public static int FirstInvalid(ReadOnlySpan<byte> bytes)
    {
#if NET8_0_OR_GREATER
        // The vectorised check answers the common case; the loop below only says where.
        if (System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return -1;
        }
#endif
        var i = 0;
        while (i < bytes.Length)
        {
            var b = bytes[i];
            if (b < 0x80)
            {
                i++;
                continue;
            }
            int need;
            byte low = 0x80, high = 0xBF;
            if (b is >= 0xC2 and <= 0xDF)
            {
                need = 1;
            }
            else if (b is >= 0xE0 and <= 0xEF)
            {
                need = 2;
                if (b == 0xE0) low = 0xA0;
                if (b == 0xED) high = 0x9F;
            }
            else if (b is >= 0xF0 and <= 0xF4)
            {
                need = 3;
                if (b == 0xF0) low = 0x90;
                if (b == 0xF4) high = 0x8F;
            }
            else
            {
                return i;
            }
            if (i + need >= bytes.Length)
            {
                return i;
            }
            if (bytes[i + 1] < low || bytes[i + 1] > high)
            {
                return i;
            }
            for (var k = 2; k <= need; k++)
            {
                if (bytes[i + k] is < 0x80 or > 0xBF)
                {
                    return i;
                }
            }
            i += need + 1;
        }
        return -1;
    }
}

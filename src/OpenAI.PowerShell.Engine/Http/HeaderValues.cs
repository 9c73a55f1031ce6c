namespace OpenAI.PowerShell.Http;

/// <summary>
/// Values that go into request headers (the key, the organization, the project) are checked before
/// anything is sent: a line break would end the header and start another on the wire, and a character
/// outside ASCII cannot be sent at all, which HttpClient reports only once the request is under way.
/// </summary>
internal static class HeaderValues
{
    /// <summary>Throws OpenAI.InvalidHeaderValue naming <paramref name="what"/>; a secret's characters are never shown.</summary>
    public static void Ensure(string? value, string what, bool secret = false)
    {
        if (value is not null && Problem(value, secret) is { } problem)
        {
            throw new OpenAIException(ErrorIds.InvalidHeaderValue,
                $"{what} holds {problem}, which cannot be sent in an HTTP header. Check where the value was read from; nothing was sent.")
            { Target = what };
        }
    }

    private static string? Problem(string value, bool secret)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var code = secret ? "" : $" (U+{(int)c:X4})";
            if (c is '\r' or '\n')
            {
                return $"a line break at character {i + 1}";
            }
            if (c < ' ' || c == '\u007F')
            {
                return $"a control character{code} at character {i + 1}";
            }
            if (c > '\u007E')
            {
                return $"a character outside ASCII{code} at character {i + 1}";
            }
        }
        return null;
    }
}

using System.Text;

namespace OpenAI.PowerShell.Errors;

/// <summary>
/// Text shown to the user can hold file names and server text; a control character in it (a
/// newline, NUL, a terminal escape sequence) is shown as PowerShell's `u{..} escape instead of
/// being written to the console raw.
/// </summary>
internal static class SafeText
{
    public static string Of(string text, bool keepNewLines = false)
    {
        bool IsUnsafe(char c) => char.IsControl(c) && c != '\t' && !(keepNewLines && c == '\n');
        if (!text.Any(IsUnsafe))
        {
            return text;
        }
        var safe = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (IsUnsafe(c))
            {
                safe.Append("`u{").Append(((int)c).ToString("x", System.Globalization.CultureInfo.InvariantCulture)).Append('}');
            }
            else
            {
                safe.Append(c);
            }
        }
        return safe.ToString();
    }
}

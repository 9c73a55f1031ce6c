using System.Runtime.InteropServices;
using System.Security;

namespace OpenAI.PowerShell.Http;

/// <summary>
/// Holds the key so that nothing prints it by accident: ToString shows only the last 4 characters.
/// </summary>
internal sealed class ApiKey
{
    private readonly string _value;

    private ApiKey(string value) => _value = value;

    /// <summary>Surrounding white space is dropped: keys read from secret files end with a newline.</summary>
    public static ApiKey? From(string? value) => string.IsNullOrWhiteSpace(value) ? null : new ApiKey(value!.Trim());

    public static ApiKey? From(SecureString? value)
    {
        if (value is null || value.Length == 0)
        {
            return null;
        }
        var pointer = Marshal.SecureStringToGlobalAllocUnicode(value);
        try
        {
            return From(Marshal.PtrToStringUni(pointer));
        }
        finally
        {
            Marshal.ZeroFreeGlobalAllocUnicode(pointer);
        }
    }

    /// <summary>At most the last 4 characters, for people to tell keys apart.</summary>
    public string Hint => _value.Length <= 8 ? "****" : "****" + _value.Substring(_value.Length - 4);

    internal string Reveal() => _value;

    public override string ToString() => Hint;
}

using System.Security.Cryptography;

namespace OpenAI.Emulator.Http;

/// <summary>Random identifiers in OpenAI's shapes.</summary>
internal static class Ids
{
    public static string Hex(int chars) =>
        Convert.ToHexStringLower(RandomNumberGenerator.GetBytes((chars + 1) / 2))[..chars];

    public static string RequestId() => "req_" + Hex(32);
    public static string Upload() => "upload_" + Hex(24);
    public static string Part() => "part_" + Hex(24);
    public static string File() => "file-" + Hex(24);
    public static string Image() => "img_" + Hex(24);
}

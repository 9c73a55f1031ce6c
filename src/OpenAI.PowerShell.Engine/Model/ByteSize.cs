using System.Globalization;

namespace OpenAI.PowerShell.Model;

/// <summary>
/// Readable byte counts for messages, progress and views, in binary units (KiB = 1024 bytes,
/// MiB = 1024 KiB, GiB = 1024 MiB). Binary because the API's limits are binary (64 MiB per part,
/// 8 GiB per upload) and PowerShell's own 4MB literal is 4 MiB; the labels say so, so a reader
/// never has to guess whether "MB" meant 10^6 or 2^20.
/// </summary>
public static class ByteSize
{
    private static readonly string[] Units = { "B", "KiB", "MiB", "GiB", "TiB", "PiB" };

    /// <summary>
    /// Three significant digits, trailing zeros dropped: "999 B", "1.95 KiB", "64 MiB", "1023 KiB".
    /// At most 8 characters below 10,000 TiB, so a view column of width 8 never cuts one.
    /// </summary>
    public static string Format(long bytes)
    {
        if (bytes < 0)
        {
            return "-" + Format(bytes == long.MinValue ? long.MaxValue : -bytes);
        }
        if (bytes < 1024)
        {
            return bytes.ToString(CultureInfo.InvariantCulture) + " B";
        }
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < Units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        var text = Round(value);
        // 1023.7 KiB rounds to "1024": say "1 MiB" instead.
        if (text == "1024" && unit < Units.Length - 1)
        {
            return "1 " + Units[unit + 1];
        }
        return text + " " + Units[unit];
    }

    /// <summary>
    /// An exact count with thousands separators, "10,000,000", the same in every culture: the messages
    /// are English and hold <see cref="Format"/>'s invariant "9.54 MiB" beside it.
    /// </summary>
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A rate in the same units, e.g. "11.8 MiB/s".</summary>
    public static string FormatRate(double bytesPerSecond) =>
        Format((long)Math.Max(0, Math.Min(bytesPerSecond, long.MaxValue))) + "/s";

    private static string Round(double value)
    {
        var format = value < 10 ? "0.##" : value < 100 ? "0.#" : "0";
        return value.ToString(format, CultureInfo.InvariantCulture);
    }
}

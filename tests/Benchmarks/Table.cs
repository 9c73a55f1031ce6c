using System.Globalization;
using System.Text;

namespace Benchmarks;

/// <summary>One goal from the issue, with whether this run met it.</summary>
internal sealed record GoalCheck(string Goal, string Measured, bool Met);

/// <summary>A section's figures: a small text table for people, and data for latest.json.</summary>
internal sealed class SectionResult
{
    public SectionResult(string key, string title)
    {
        Key = key;
        Title = title;
    }

    public string Key { get; }
    public string Title { get; }
    public List<string[]> Rows { get; } = new();
    public List<GoalCheck> Goals { get; } = new();
    public List<string> Notes { get; } = new();
    public Dictionary<string, object?> Data { get; } = new();
    public string? Error { get; set; }

    public void Header(params string[] cells) => Rows.Insert(0, cells);
    public void Row(params string[] cells) => Rows.Add(cells);

    public string Render()
    {
        var text = new StringBuilder();
        text.AppendLine(Title);
        if (Error is not null)
        {
            text.AppendLine("  FAILED: " + Error);
            return text.ToString();
        }
        var columns = Rows.Count == 0 ? 0 : Rows.Max(r => r.Length);
        var widths = Enumerable.Range(0, columns).Select(c => Rows.Max(r => c < r.Length ? r[c].Length : 0)).ToArray();
        for (var r = 0; r < Rows.Count; r++)
        {
            var line = new StringBuilder("  ");
            for (var c = 0; c < Rows[r].Length; c++)
            {
                // First column is a label: left-aligned; figures are right-aligned.
                line.Append(c == 0 ? Rows[r][c].PadRight(widths[c]) : "  " + Rows[r][c].PadLeft(widths[c]));
            }
            text.AppendLine(line.ToString().TrimEnd());
        }
        foreach (var goal in Goals)
        {
            text.AppendLine($"  goal {goal.Goal}: {goal.Measured}  {(goal.Met ? "PASS" : "MISS")}");
        }
        foreach (var note in Notes.Distinct())
        {
            text.AppendLine("  note: " + note);
        }
        return text.ToString();
    }

    public Dictionary<string, object?> ToJson()
    {
        var json = new Dictionary<string, object?>(Data) { ["title"] = Title };
        if (Error is not null)
        {
            json["error"] = Error;
        }
        json["goals"] = Goals.Select(g => new Dictionary<string, object?> { ["goal"] = g.Goal, ["measured"] = g.Measured, ["met"] = g.Met }).ToArray();
        json["notes"] = Notes.Distinct().ToArray();
        return json;
    }
}

internal static class Stats
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    public static long Median(IEnumerable<long> values) => (long)Math.Round(Median(values.Select(v => (double)v)));

    public static string F(double value, string format = "0.00") => value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>MB = 10^6 bytes, as the cap (20 MB/s) is stated.</summary>
    public static double MBps(long bytes, double seconds) => bytes / 1e6 / seconds;

    public static string MiB(long bytes) => F(bytes / 1048576.0, "0.0");
}

using System.Text.RegularExpressions;

namespace OpenAI.PowerShell.Hosted.Tests.Formatting;

/// <summary>
/// A table as Out-String printed it, read the way a person reads it: the header line, the dashes
/// under it and the rows. Nothing here knows the view definitions; the tests state what they expect.
/// </summary>
public sealed class TableText
{
    private TableText(string text, int width, IReadOnlyList<string> lines, int headerIndex)
    {
        Text = text;
        Width = width;
        Lines = lines;
        HeaderIndex = headerIndex;
    }

    public string Text { get; }
    public int Width { get; }
    public IReadOnlyList<string> Lines { get; }
    private int HeaderIndex { get; }

    public string Header => Lines[HeaderIndex];

    /// <summary>The words of the header line; a header word that wrapped would leave a line between it and the dashes.</summary>
    public IReadOnlyList<string> Columns => Header.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The lines after the dashes up to the first blank line, trailing spaces dropped.</summary>
    public IReadOnlyList<string> Rows => Lines.Skip(HeaderIndex + 2).TakeWhile(l => l.Trim().Length > 0).Select(l => l.TrimEnd()).ToList();

    /// <summary>
    /// Finds the table whose header starts with <paramref name="firstColumn"/>. Fails unless the next
    /// line is the dashes line, i.e. unless the header fitted on one line.
    /// </summary>
    public static TableText Parse(string text, int width, string firstColumn)
    {
        // A console that takes ANSI gets coloured headers; the person reads the text without them.
        text = Regex.Replace(text, "\x1b\\[[0-9;]*m", "").Replace("\r", "", StringComparison.Ordinal);
        var lines = text.Split('\n');
        var index = Array.FindIndex(lines, l => l.StartsWith(firstColumn + " ", StringComparison.Ordinal));
        Assert.True(index >= 0, $"No header starting with '{firstColumn}' in:\n{text}");
        Assert.True(index + 1 < lines.Length && lines[index + 1].Trim().Length > 0 && lines[index + 1].Trim().All(c => c is '-' or ' '),
            $"The header is not followed by its dashes (a header word wrapped?):\n{text}");
        return new TableText(text, width, lines, index);
    }

    /// <summary>Nothing was cut (no ellipsis) and every line fits the width.</summary>
    public void AssertFitsUncut()
    {
        Assert.DoesNotContain("…", Text, StringComparison.Ordinal);
        Assert.DoesNotContain("...", Text, StringComparison.Ordinal);
        Assert.All(Lines, l => Assert.True(l.TrimEnd().Length <= Width, $"{l.TrimEnd().Length} > {Width}: '{l}'"));
    }
}

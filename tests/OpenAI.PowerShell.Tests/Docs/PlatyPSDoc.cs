namespace OpenAI.PowerShell.Tests.Docs;

/// <summary>A heading outside code fences: its level (number of #), text and line.</summary>
internal sealed record DocHeading(int Level, string Text, int Line);

/// <summary>A fenced code block: its info string (powershell, yaml, or empty), body and opening line.</summary>
internal sealed record DocCodeBlock(string Info, string Body, int Line);

/// <summary>
/// Just enough of a PlatyPS (schema 2.0.0) markdown reader for the consistency tests: the YAML
/// front matter, the headings and the fenced code blocks, each with its line number, so sections
/// can be cut by heading without being fooled by '#' inside code.
/// </summary>
internal sealed class PlatyPSDoc
{
    private PlatyPSDoc(string path, IReadOnlyList<string> lines)
    {
        Path = path;
        Lines = lines;
        var headings = new List<DocHeading>();
        var blocks = new List<DocCodeBlock>();
        var start = 0;
        if (lines.Count > 0 && lines[0].Trim() == "---")
        {
            var end = IndexOf(lines, l => l.Trim() == "---", 1);
            if (end > 0)
            {
                for (var i = 1; i < end; i++)
                {
                    var colon = lines[i].IndexOf(':');
                    if (colon > 0)
                    {
                        FrontMatter[lines[i][..colon].Trim()] = lines[i][(colon + 1)..].Trim();
                    }
                }
                start = end + 1;
            }
        }
        for (var i = start; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                var close = IndexOf(lines, l => l.TrimEnd() == "```", i + 1);
                if (close < 0)
                {
                    Problems.Add($"line {i + 1}: code fence is never closed");
                    break;
                }
                blocks.Add(new DocCodeBlock(line[3..].Trim(), string.Join("\n", lines.Skip(i + 1).Take(close - i - 1)), i));
                i = close;
                continue;
            }
            var level = line.TakeWhile(c => c == '#').Count();
            if (level > 0 && line.Length > level && line[level] == ' ')
            {
                headings.Add(new DocHeading(level, line[(level + 1)..].Trim(), i));
            }
        }
        Headings = headings;
        CodeBlocks = blocks;
    }

    public string Path { get; }
    public IReadOnlyList<string> Lines { get; }
    public Dictionary<string, string> FrontMatter { get; } = new(StringComparer.Ordinal);
    public IReadOnlyList<DocHeading> Headings { get; }
    public IReadOnlyList<DocCodeBlock> CodeBlocks { get; }

    /// <summary>Structural problems found while reading (an unclosed fence).</summary>
    public List<string> Problems { get; } = new();

    public string Text => string.Join("\n", Lines);

    public static PlatyPSDoc Load(string path) =>
        new(path, File.ReadAllText(path).Replace("\r\n", "\n").Split('\n'));

    /// <summary>The level-2 section with this title (e.g. "PARAMETERS"), or null.</summary>
    public DocHeading? Section(string title) =>
        Headings.FirstOrDefault(h => h.Level == 2 && string.Equals(h.Text, title, StringComparison.Ordinal));

    /// <summary>The headings of the given level directly inside a section, up to the next heading of the section's level or above.</summary>
    public IReadOnlyList<DocHeading> SubHeadings(DocHeading section, int level) =>
        Headings.Where(h => h.Line > section.Line && h.Line < EndOf(section) && h.Level == level).ToList();

    /// <summary>The line where a heading's content ends: the next heading of the same level or above, or the end of file.</summary>
    public int EndOf(DocHeading heading) =>
        Headings.FirstOrDefault(h => h.Line > heading.Line && h.Level <= heading.Level)?.Line ?? Lines.Count;

    public IReadOnlyList<DocCodeBlock> CodeBlocksUnder(DocHeading heading) =>
        CodeBlocks.Where(b => b.Line > heading.Line && b.Line < EndOf(heading)).ToList();

    /// <summary>Reads a PlatyPS parameter block ("Key: Value" lines) into a dictionary.</summary>
    public static Dictionary<string, string> ParseYaml(string body)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in body.Split('\n'))
        {
            var colon = line.IndexOf(':');
            if (colon > 0)
            {
                values[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }
        return values;
    }

    private static int IndexOf(IReadOnlyList<string> lines, Func<string, bool> match, int from)
    {
        for (var i = from; i < lines.Count; i++)
        {
            if (match(lines[i]))
            {
                return i;
            }
        }
        return -1;
    }
}

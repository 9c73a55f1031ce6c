using System.Management.Automation.Language;
using System.Text.RegularExpressions;

namespace OpenAI.PowerShell.Hosted.Tests.Docs;

/// <summary>One PowerShell example from the docs: the commands only, sample output left out.</summary>
public sealed record DocExample(string File, string Heading, int Line, string Script, string? NotRunnableReason)
{
    /// <summary>How a failure names the example, e.g. "docs/en-US/Stop-OAIUpload.md > Example 2: ...".</summary>
    public string Key { get; init; } = $"{File} > {Heading}";

    public override string ToString() => Key;
}

/// <summary>Everything found in one pass over the docs.</summary>
public sealed record DocScan(IReadOnlyList<DocExample> Examples, IReadOnlyList<string> ShellBlocks, IReadOnlyList<string> OtherBlocks);

/// <summary>
/// Finds the PowerShell examples in README.md and docs/en-US/*.md.
/// - Fences tagged powershell (or pwsh/ps1/ps) are examples; bash/sh/shell/console fences are counted
///   as shell blocks; other fences (yaml, text, the untagged SYNTAX blocks) are not examples.
/// - PlatyPS example fences mix commands and sample output. A line at column 0 that starts like
///   PowerShell ($, #, a quote, a bracket, Verb-Noun, ./, &amp;, pwsh, if/try/foreach) begins a command, which runs on
///   while the parser says the input is incomplete or the line ends in | or a backtick; everything else
///   up to the next command is output.
/// - about_ topics are plain-text help, so their examples are indented blocks (4+ spaces, a blank line
///   before). An indented block is an example when it starts like PowerShell, parses, and has no
///   two-column layout (three spaces between words), which tells it from the tables of the topic.
/// - An HTML comment "&lt;!-- example: not runnable here: reason --&gt;" on the line before a fence marks it.
/// </summary>
public static class DocExampleExtractor
{
    private static readonly Regex CodeStart = new(@"^(\$|#|'|""|\(|\[|@|[A-Za-z]+-[A-Za-z]|\./|&\s|(if|try|foreach|for|while|function|pwsh)\b)", RegexOptions.Compiled);
    private static readonly Regex Fence = new(@"^(```|~~~)\s*([\w-]*)", RegexOptions.Compiled);
    private static readonly Regex Heading = new(@"^#{1,6}\s+(.*\S)\s*$", RegexOptions.Compiled);
    private static readonly Regex Marker = new(@"^<!--\s*example:\s*not runnable here:\s*(.*?)\s*-->\s*$", RegexOptions.Compiled);
    private static readonly Regex Columns = new(@"\S {3,}\S", RegexOptions.Compiled);
    private static readonly string[] PowerShellTags = { "powershell", "pwsh", "ps1", "ps" };
    private static readonly string[] ShellTags = { "bash", "sh", "shell", "console" };

    /// <summary>The documents that hold examples, relative to the repository root.</summary>
    public static IEnumerable<string> Documents(string root) =>
        new[] { "README.md" }.Concat(Directory.GetFiles(Path.Combine(root, "docs", "en-US"), "*.md")
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .OrderBy(f => f, StringComparer.Ordinal));

    public static DocScan Scan(string root)
    {
        var examples = new List<DocExample>();
        var shell = new List<string>();
        var other = new List<string>();
        foreach (var doc in Documents(root))
        {
            ScanFile(doc, File.ReadAllLines(Path.Combine(root, doc)), examples, shell, other);
        }
        // Several examples under one heading are told apart by a number.
        var keyed = examples.GroupBy(e => e.Key).SelectMany(g => g.Count() == 1 ? g : g.Select((e, i) => e with { Key = $"{e.Key} ({i + 1})" }));
        return new DocScan(keyed.ToList(), shell, other);
    }

    private static void ScanFile(string doc, string[] lines, List<DocExample> examples, List<string> shell, List<string> other)
    {
        var about = Path.GetFileName(doc).StartsWith("about_", StringComparison.OrdinalIgnoreCase);
        var heading = "(top)";
        for (var i = 0; i < lines.Length; i++)
        {
            var fence = Fence.Match(lines[i]);
            if (fence.Success)
            {
                var start = i;
                var body = new List<string>();
                for (i++; i < lines.Length && !lines[i].StartsWith(fence.Groups[1].Value, StringComparison.Ordinal); i++)
                {
                    body.Add(lines[i]);
                }
                var tag = fence.Groups[2].Value.ToLowerInvariant();
                var where = $"{doc}:{start + 1} ({heading})";
                if (PowerShellTags.Contains(tag))
                {
                    examples.Add(new DocExample(doc, heading, start + 1, FencedCommands(body), MarkerBefore(lines, start)));
                }
                else if (ShellTags.Contains(tag))
                {
                    shell.Add(where);
                }
                else if (tag.Length > 0)
                {
                    other.Add($"{where} [{tag}]");
                }
                continue;
            }
            if (Heading.Match(lines[i]) is { Success: true } h)
            {
                heading = h.Groups[1].Value;
                continue;
            }
            if (about && IsIndented(lines[i]) && (i == 0 || lines[i - 1].Trim().Length == 0))
            {
                var start = i;
                var indent = Indent(lines[i]);
                var block = new List<string>();
                for (; i < lines.Length && lines[i].Trim().Length > 0 && Indent(lines[i]) >= indent; i++)
                {
                    block.Add(lines[i][indent..]);
                }
                i--;
                var text = string.Join("\n", block);
                if (block[0].StartsWith("dotnet ", StringComparison.Ordinal))
                {
                    shell.Add($"{doc}:{start + 1} ({heading})");
                }
                else if (LooksLikePowerShell(block))
                {
                    examples.Add(new DocExample(doc, heading, start + 1, text, null));
                }
            }
        }
    }

    private static bool LooksLikePowerShell(List<string> block) =>
        CodeStart.IsMatch(block[0]) && !block.Any(l => Columns.IsMatch(l.TrimStart())) && ParseErrors(string.Join("\n", block)).Length == 0;

    /// <summary>The command lines of a fenced example, without its sample output.</summary>
    public static string FencedCommands(IReadOnlyList<string> body)
    {
        var commands = new List<string>();
        var statement = new List<string>();
        foreach (var line in body)
        {
            if (statement.Count == 0 && !CodeStart.IsMatch(line))
            {
                continue; // output, or a blank line
            }
            statement.Add(line);
            var text = string.Join("\n", statement);
            var trimmed = line.TrimEnd();
            if (!trimmed.EndsWith('|') && !trimmed.EndsWith('`') && !ParseErrors(text).Any(e => e.IncompleteInput))
            {
                commands.AddRange(statement);
                statement.Clear();
            }
        }
        commands.AddRange(statement);
        return string.Join("\n", commands);
    }

    public static ParseError[] ParseErrors(string script)
    {
        Parser.ParseInput(script, out _, out var errors);
        return errors;
    }

    private static string? MarkerBefore(string[] lines, int fence)
    {
        var i = fence - 1;
        while (i >= 0 && lines[i].Trim().Length == 0)
        {
            i--;
        }
        return i >= 0 && Marker.Match(lines[i].Trim()) is { Success: true } m ? m.Groups[1].Value : null;
    }

    private static bool IsIndented(string line) => line.Trim().Length > 0 && Indent(line) >= 4;

    private static int Indent(string line) => line.Length - line.TrimStart(' ').Length;
}

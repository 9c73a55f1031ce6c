using System.Text;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Model;

namespace OpenAI.PowerShell.Uploads;

/// <summary>One thing wrong with a JSONL file: the line (1-based), the field when one is to blame, and why.</summary>
public sealed record JsonlProblem(long Line, string? Field, string ErrorId, string Message)
{
    public override string ToString() => $"line {Line}" + (Field is null ? "" : $", field \"{Field}\"") + $": {Message} ({ErrorId})";
}

/// <summary>The first few problems, and how many there were in all.</summary>
public sealed class JsonlProblems
{
    /// <summary>A record that lists more than this is read by nobody; the count says how many more there are.</summary>
    public const int MaxReported = 20;

    private readonly List<JsonlProblem> _first = new();

    public IReadOnlyList<JsonlProblem> First => _first;
    public long Total { get; private set; }

    public void Add(long line, string? field, string errorId, string message)
    {
        Total++;
        if (_first.Count < MaxReported)
        {
            _first.Add(new JsonlProblem(line, field, errorId, message));
        }
    }
}

/// <summary>What a check found: how many lines were read, and the problems.</summary>
public sealed record JsonlReport(JsonlKind Kind, long Lines, JsonlProblems Problems)
{
    /// <summary>A batch file's endpoint (its first line's url), so a batch can be started without -Endpoint.</summary>
    public string? Endpoint { get; init; }

    public bool IsValid => Problems.Total == 0;
}

/// <summary>
/// A JSONL file that failed its check. ErrorId is that of the first problem; every problem (up to
/// <see cref="JsonlProblems.MaxReported"/>) is in the message and in <see cref="Problems"/>.
/// </summary>
public sealed class InvalidJsonlException : OpenAIException
{
    public InvalidJsonlException(string path, JsonlReport report)
        : base(report.Problems.First[0].ErrorId, Describe(path, report))
    {
        Target = path;
        Problems = report.Problems.First;
        TotalProblems = report.Problems.Total;
    }

    public IReadOnlyList<JsonlProblem> Problems { get; }
    public long TotalProblems { get; }

    private static string Describe(string path, JsonlReport report)
    {
        var what = report.Kind == JsonlKind.Batch ? "batch input" : "fine-tuning";
        var shown = report.Problems.First;
        var text = new StringBuilder()
            .Append($"'{Path.GetFileName(path)}' is not a valid {what} file, so nothing was sent. ")
            .Append(report.Problems.Total == 1 ? "1 problem" : $"{ByteSize.Count(report.Problems.Total)} problems")
            .Append(report.Problems.Total > shown.Count ? $", the first {shown.Count} shown:" : ":");
        foreach (var problem in shown)
        {
            text.Append("\n  ").Append(problem);
        }
        return text.ToString();
    }
}

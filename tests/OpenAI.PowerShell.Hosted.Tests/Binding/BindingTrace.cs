using System.Text.RegularExpressions;

namespace OpenAI.PowerShell.Hosted.Tests.Binding;

/// <summary>
/// Reads PowerShell's own ParameterBinding trace (Trace-Command -PSHost) to tell which parameter
/// each piped object bound to in one command.
/// </summary>
public static class BindingTrace
{
    private static readonly Regex PipelineStart = new(@"BIND PIPELINE object to parameters: \[(?<cmd>[\w-]+)\]");
    private static readonly Regex Bound = new(@"BIND arg \[.*\] to param \[(?<param>\w+)\] SUCCESSFUL");
    private static readonly Regex OtherPhase = new(@"BIND NAMED cmd line args|BIND POSITIONAL cmd line args|CALLING \w+|MANDATORY PARAMETER CHECK");

    /// <summary>Wraps a pipeline so that its binding is traced to the host.</summary>
    public static string Traced(string pipeline) =>
        "Trace-Command -Name ParameterBinding -PSHost -Expression {\n" + pipeline + "\n}";

    /// <summary>The parameters that pipeline input bound to in <paramref name="command"/>, in order, without repeats.</summary>
    public static IReadOnlyList<string> PipelineBindings(string hostText, string command)
    {
        var bound = new List<string>();
        string? current = null;
        foreach (var line in hostText.Split('\n'))
        {
            if (PipelineStart.Match(line) is { Success: true } start)
            {
                current = start.Groups["cmd"].Value;
            }
            else if (OtherPhase.IsMatch(line))
            {
                current = null;
            }
            else if (string.Equals(current, command, StringComparison.OrdinalIgnoreCase) && Bound.Match(line) is { Success: true } match
                     && !bound.Contains(match.Groups["param"].Value))
            {
                bound.Add(match.Groups["param"].Value);
            }
        }
        return bound;
    }
}

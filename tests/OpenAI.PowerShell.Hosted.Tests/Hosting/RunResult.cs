using System.Management.Automation;

namespace OpenAI.PowerShell.Hosted.Tests.Hosting;

/// <summary>What a user would see from one script: output, error records, streams and console text.</summary>
public sealed class RunResult
{
    public List<PSObject> Output { get; } = new();
    public List<ErrorRecord> Errors { get; } = new();
    public List<string> Warnings { get; } = new();
    public List<string> Verbose { get; } = new();
    public List<string> Debug { get; } = new();
    public List<string> Information { get; } = new();
    public List<ProgressRecord> Progress { get; } = new();

    /// <summary>The error that ended the script, if one did.</summary>
    public ErrorRecord? Terminating { get; set; }

    /// <summary>What went to the console: What-if lines, Out-Host, prompts.</summary>
    public string HostText { get; set; } = "";

    /// <summary>Every error, the terminating one included.</summary>
    public IEnumerable<ErrorRecord> AllErrors => Terminating is null ? Errors : Errors.Append(Terminating);

    public IEnumerable<string> ErrorIds => AllErrors.Select(e => e.FullyQualifiedErrorId);

    public RunResult ThrowIfFailed()
    {
        var errors = AllErrors.ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("The script failed:\n" + string.Join("\n",
                errors.Select(e => $"{e.FullyQualifiedErrorId}: {e.Exception?.Message}\n{e.InvocationInfo?.PositionMessage}")));
        }
        return this;
    }

    /// <summary>The one error record; fails the test when there is not exactly one.</summary>
    public ErrorRecord SingleError()
    {
        var errors = AllErrors.ToList();
        Assert.True(errors.Count == 1, $"Expected one error, got {errors.Count}: " + string.Join("; ", errors.Select(e => e.FullyQualifiedErrorId + " " + e.Exception?.Message)));
        return errors[0];
    }

    /// <summary>The type names of the output objects, e.g. OpenAI.PowerShell.Model.Upload.</summary>
    public IEnumerable<string> OutputTypes => Output.Select(o => o.TypeNames[0]);

    /// <summary>The last output as a string, e.g. what Out-String made of a view.</summary>
    public string LastText => Assert.IsType<string>(Output[^1].BaseObject);

    public T Value<T>(int index, string property) => (T)LanguagePrimitives.ConvertTo(Output[index].Properties[property]?.Value, typeof(T));
}

namespace OpenAI.PowerShell.Hosted.Tests.Binding;

/// <summary>
/// One row of the binding matrix: what a user pipes into a cmdlet, and the parameter it must bind
/// to (several, comma-separated, when one object fills several), or null when it must fail to bind
/// with nothing sent.
/// </summary>
public sealed record BindingRow(string Command, string Input, string Pipeline, string? BindsTo)
{
    public override string ToString() => $"{Command} <- {Input} => {BindsTo ?? "no binding"}";
}

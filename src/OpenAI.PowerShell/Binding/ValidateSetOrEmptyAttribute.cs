using System.Management.Automation;

namespace OpenAI.PowerShell.Binding;

/// <summary>
/// ValidateSet that lets an empty string through: a parameter bound from an Import-Csv column gets ''
/// from an empty cell, which means "not given" there, and ValidateSet would refuse the whole row.
/// Completion comes from the parameter's ArgumentCompleter, as ValidateSet no longer gives it.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class ValidateSetOrEmptyAttribute : ValidateArgumentsAttribute
{
    public ValidateSetOrEmptyAttribute(params string[] values) => Values = values;

    public IReadOnlyList<string> Values { get; }

    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        var value = (arguments is PSObject pso ? pso.BaseObject : arguments) as string;
        if (string.IsNullOrEmpty(value) || Values.Contains(value, StringComparer.OrdinalIgnoreCase))
        {
            return;
        }
        throw new ValidationMetadataException(
            $"The argument \"{value}\" does not belong to the set \"{string.Join(",", Values)}\"; supply one of them, or leave it empty.");
    }
}

using System.Management.Automation;

namespace OpenAI.PowerShell.Binding;

/// <summary>
/// ValidateRange that lets $null through: Set-OAIContext takes $null to clear a setting, an empty
/// Import-Csv cell (made null by <see cref="EmptyAsNullAttribute"/>) means not given, and ValidateRange
/// refuses null before the cmdlet could see it.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class ValidateRangeOrNullAttribute : ValidateArgumentsAttribute
{
    public ValidateRangeOrNullAttribute(int minimum, int maximum)
    {
        Minimum = minimum;
        Maximum = maximum;
    }

    public int Minimum { get; }
    public int Maximum { get; }

    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        var value = arguments is PSObject pso ? pso.BaseObject : arguments;
        if (value is null)
        {
            return;
        }
        if (value is not int number || number < Minimum || number > Maximum)
        {
            throw new ValidationMetadataException(
                $"The argument \"{value}\" is not in the range {Minimum} to {Maximum}; give a value in that range, or none.");
        }
    }
}

/// <summary>
/// An empty or white-space string becomes null before conversion: PowerShell would make '' the number 0,
/// and an empty Import-Csv cell means the parameter was not given.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class EmptyAsNullAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData) =>
        (inputData is PSObject pso ? pso.BaseObject : inputData) is string text && string.IsNullOrWhiteSpace(text) ? null : inputData;
}

using System.Collections.ObjectModel;
using System.Reflection;

namespace OpenAI.PowerShell.Tests.Docs;

/// <summary>One [Parameter] attribute of a parameter: the binding it has in one parameter set.</summary>
internal sealed record ParameterBinding(string SetName, bool Mandatory, int Position, bool ByValue, bool ByPropertyName)
{
    public const string AllSets = "__AllParameterSets";

    /// <summary>How PlatyPS writes "Accept pipeline input".</summary>
    public string PipelineText => (ByValue, ByPropertyName) switch
    {
        (false, false) => "False",
        (true, false) => "True (ByValue)",
        (false, true) => "True (ByPropertyName)",
        _ => "True (ByPropertyName, ByValue)",
    };

    public string PositionText => Position == int.MinValue ? "Named" : Position.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A cmdlet parameter as the docs must describe it.</summary>
internal sealed record DocParameter(string Name, string TypeName, bool IsSwitch, IReadOnlyList<string> Aliases, bool Wildcards, IReadOnlyList<ParameterBinding> Bindings)
{
    public bool InAllSets => Bindings.Any(b => b.SetName == ParameterBinding.AllSets);

    public ParameterBinding? BindingFor(string set) =>
        Bindings.FirstOrDefault(b => b.SetName == set) ?? Bindings.FirstOrDefault(b => b.SetName == ParameterBinding.AllSets);
}

/// <summary>
/// A cmdlet read from the module assembly through CustomAttributeData, so the values are the ones
/// compiled into the metadata (PowerShellStandard.Library's attribute classes are not trusted to hold them).
/// </summary>
internal sealed class DocCmdlet
{
    private const string Sma = "System.Management.Automation.";

    private DocCmdlet(Type type, CustomAttributeData cmdlet)
    {
        Type = type;
        Name = $"{cmdlet.ConstructorArguments[0].Value}-{cmdlet.ConstructorArguments[1].Value}";
        SupportsShouldProcess = Named(cmdlet, "SupportsShouldProcess") is true;
        DefaultParameterSetName = Named(cmdlet, "DefaultParameterSetName") as string;
        var parameters = new List<DocParameter>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var attributes = property.GetCustomAttributesData();
            var bindings = attributes.Where(a => a.AttributeType.FullName == Sma + "ParameterAttribute").Select(a => new ParameterBinding(
                Named(a, "ParameterSetName") as string ?? ParameterBinding.AllSets,
                Named(a, "Mandatory") is true,
                Named(a, "Position") as int? ?? int.MinValue,
                Named(a, "ValueFromPipeline") is true,
                Named(a, "ValueFromPipelineByPropertyName") is true)).ToList();
            if (bindings.Count == 0)
            {
                continue;
            }
            var aliases = attributes.Where(a => a.AttributeType.FullName == Sma + "AliasAttribute")
                .SelectMany(a => a.ConstructorArguments.SelectMany(Strings)).ToList();
            var wildcards = attributes.Any(a => a.AttributeType.FullName == Sma + "SupportsWildcardsAttribute");
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            parameters.Add(new DocParameter(property.Name, propertyType.Name, propertyType.FullName == Sma + "SwitchParameter", aliases, wildcards, bindings));
        }
        if (SupportsShouldProcess)
        {
            parameters.Add(new DocParameter("WhatIf", "SwitchParameter", true, new[] { "wi" }, false, new[] { new ParameterBinding(ParameterBinding.AllSets, false, int.MinValue, false, false) }));
            parameters.Add(new DocParameter("Confirm", "SwitchParameter", true, new[] { "cf" }, false, new[] { new ParameterBinding(ParameterBinding.AllSets, false, int.MinValue, false, false) }));
        }
        Parameters = parameters;
        var named = parameters.SelectMany(p => p.Bindings).Select(b => b.SetName).Where(s => s != ParameterBinding.AllSets).Distinct().ToList();
        ParameterSets = named.Count > 0 ? named : new List<string> { ParameterBinding.AllSets };
    }

    public Type Type { get; }
    public string Name { get; }
    public bool SupportsShouldProcess { get; }
    public string? DefaultParameterSetName { get; }

    /// <summary>Every parameter, inherited ones included, plus WhatIf and Confirm under SupportsShouldProcess.</summary>
    public IReadOnlyList<DocParameter> Parameters { get; }

    /// <summary>The named parameter sets, or just __AllParameterSets when there are none.</summary>
    public IReadOnlyList<string> ParameterSets { get; }

    /// <summary>The parameters that can be used in one set.</summary>
    public IEnumerable<DocParameter> ParametersIn(string set) =>
        Parameters.Where(p => p.InAllSets || p.Bindings.Any(b => b.SetName == set));

    public override string ToString() => Name;

    /// <summary>Every public cmdlet class of the module assembly.</summary>
    public static IReadOnlyList<DocCmdlet> All(Assembly assembly) =>
        assembly.GetTypes()
            .Where(t => t.IsClass && !t.IsAbstract)
            .Select(t => (Type: t, Attribute: t.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType.FullName == Sma + "CmdletAttribute")))
            .Where(x => x.Attribute is not null)
            .Select(x => new DocCmdlet(x.Type, x.Attribute!))
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList();

    private static object? Named(CustomAttributeData data, string name) =>
        data.NamedArguments.Where(n => n.MemberName == name).Select(n => n.TypedValue.Value).FirstOrDefault();

    private static IEnumerable<string> Strings(CustomAttributeTypedArgument argument) => argument.Value switch
    {
        string s => new[] { s },
        ReadOnlyCollection<CustomAttributeTypedArgument> items => items.Select(i => i.Value as string).OfType<string>(),
        _ => Array.Empty<string>(),
    };
}

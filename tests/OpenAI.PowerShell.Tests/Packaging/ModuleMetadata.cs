using System.Reflection;
using System.Runtime.InteropServices;

namespace OpenAI.PowerShell.Tests.Packaging;

/// <summary>
/// Reads the built module DLL with MetadataLoadContext, the way PowerShell sees it, and flattens
/// each cmdlet's binding contract into rows that a declared table can be compared with.
/// </summary>
public sealed class ModuleMetadata : IDisposable
{
    private readonly MetadataLoadContext _context;

    public ModuleMetadata(string moduleDll)
    {
        var smaFolder = Path.GetDirectoryName(typeof(System.Management.Automation.PSCmdlet).Assembly.Location)!;
        var paths = Directory.GetFiles(Path.GetDirectoryName(moduleDll)!, "*.dll")
            .Concat(Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll"))
            .Append(Path.Combine(smaFolder, "System.Management.Automation.dll"))
            .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase).Select(g => g.First());
        _context = new MetadataLoadContext(new PathAssemblyResolver(paths), "System.Private.CoreLib");
        Assembly = _context.LoadFromAssemblyPath(moduleDll);
    }

    public Assembly Assembly { get; }

    public IEnumerable<Type> Cmdlets => Assembly.GetTypes().Where(t => Attribute(t, "CmdletAttribute") is not null);

    public static string CommandName(Type cmdlet)
    {
        var args = Attribute(cmdlet, "CmdletAttribute")!.ConstructorArguments;
        return $"{args[0].Value}-{args[1].Value}";
    }

    public static CustomAttributeData? Attribute(MemberInfo member, string name) =>
        member.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType.Name == name);

    public static object? Named(CustomAttributeData attribute, string name) =>
        attribute.NamedArguments.FirstOrDefault(a => a.MemberName == name).TypedValue.Value;

    public static IEnumerable<PropertyInfo> Parameters(Type cmdlet) =>
        cmdlet.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttributesData().Any(a => a.AttributeType.Name == "ParameterAttribute"));

    /// <summary>One row for the cmdlet itself.</summary>
    public static string CmdletRow(Type cmdlet)
    {
        var attribute = Attribute(cmdlet, "CmdletAttribute")!;
        var outputs = cmdlet.GetCustomAttributesData().Where(a => a.AttributeType.Name == "OutputTypeAttribute")
            .SelectMany(a => a.ConstructorArguments)
            .SelectMany(arg => arg.Value is IEnumerable<CustomAttributeTypedArgument> many ? many.Select(m => m.Value) : new[] { arg.Value })
            .Select(v => (v as Type)?.FullName ?? v?.ToString());
        var impact = Named(attribute, "ConfirmImpact") is { } i ? ((int)i switch { 0 => "None", 1 => "Low", 2 => "Medium", _ => "High" }) : "Medium";
        var shouldProcess = Named(attribute, "SupportsShouldProcess") is true;
        return $"{CommandName(cmdlet)} sealed={cmdlet.IsSealed} output={string.Join(",", outputs)} shouldProcess={shouldProcess}"
            + (shouldProcess ? $" impact={impact}" : "")
            + $" default={Named(attribute, "DefaultParameterSetName") ?? "-"}";
    }

    /// <summary>One row per parameter and parameter set: type, set, Mandatory, Position, pipeline binding, aliases, validation.</summary>
    public static IEnumerable<string> ParameterRows(Type cmdlet)
    {
        foreach (var property in Parameters(cmdlet))
        {
            var data = property.GetCustomAttributesData();
            var aliases = data.Where(a => a.AttributeType.Name == "AliasAttribute")
                .SelectMany(a => ((IEnumerable<CustomAttributeTypedArgument>)a.ConstructorArguments[0].Value!).Select(v => (string)v.Value!));
            var checks = data.Where(a => a.AttributeType.Name is not ("ParameterAttribute" or "AliasAttribute") && !a.AttributeType.Name.StartsWith("Nullable", StringComparison.Ordinal))
                .Select(Describe).OrderBy(s => s, StringComparer.Ordinal);
            foreach (var parameter in data.Where(a => a.AttributeType.Name == "ParameterAttribute"))
            {
                var set = Named(parameter, "ParameterSetName") as string ?? "*";
                var position = Named(parameter, "Position") is int p ? p.ToString() : "named";
                var pipeline = string.Join("+", new[]
                {
                    Named(parameter, "ValueFromPipeline") is true ? "value" : null,
                    Named(parameter, "ValueFromPipelineByPropertyName") is true ? "property" : null,
                }.Where(s => s is not null));
                yield return $"{CommandName(cmdlet)} -{property.Name} {TypeName(property.PropertyType)} set={set}"
                    + $" mandatory={Named(parameter, "Mandatory") is true} position={position} pipeline={(pipeline.Length == 0 ? "none" : pipeline)}"
                    + $" alias={string.Join(",", aliases)} checks={string.Join(";", checks)}";
            }
        }
    }

    private static string TypeName(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition().FullName == "System.Nullable`1"
            ? TypeName(type.GetGenericArguments()[0]) + "?"
            : type.Name;

    private static string Describe(CustomAttributeData attribute)
    {
        var name = attribute.AttributeType.Name.Replace("Attribute", "");
        var args = attribute.ConstructorArguments.Select(Value);
        return attribute.ConstructorArguments.Count == 0 ? name : $"{name}({string.Join(",", args)})";
    }

    // A params array (ValidateSet) arrives as a collection of typed arguments: list its values.
    private static string Value(CustomAttributeTypedArgument argument) => argument.Value switch
    {
        Type t => t.Name,
        IEnumerable<CustomAttributeTypedArgument> items => string.Join("|", items.Select(Value)),
        var v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };

    public void Dispose() => _context.Dispose();
}

using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;

namespace OpenAI.PowerShell.Tests.Packaging;

/// <summary>
/// The core build must load in PowerShell 7.4 next to modules with other System.Text.Json versions:
/// it may need only what .NET 8 (PowerShell 7.4's runtime) ships, PowerShell itself, or its own folder.
/// The desktop build must carry every non-framework assembly it needs.
/// </summary>
public sealed class CompatibilityTests
{
    private static readonly string[] PowerShellAssemblies = { "System.Management.Automation", "Microsoft.PowerShell.Commands.Utility", "Microsoft.PowerShell.Commands.Management" };

    [Fact]
    public void Core_build_needs_nothing_that_PowerShell_7_4_does_not_ship()
    {
        var problems = UnsatisfiedReferences(RepoPaths.CoreFolder, Net8Framework());
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void The_check_catches_a_newer_System_Text_Json()
    {
        // The desktop build ships System.Text.Json 10; judged as if PowerShell 7.4 loaded it, it must fail.
        var problems = UnsatisfiedReferences(RepoPaths.DesktopFolder, Net8Framework(), ignoreOwnFolder: true);
        Assert.Contains(problems, p => p.Contains("System.Text.Json"));
    }

    [Fact]
    public void Desktop_build_carries_everything_beyond_the_framework()
    {
        var framework = Directory.GetDirectories(Path.Combine(RepoPaths.NuGetPackages, "microsoft.netframework.referenceassemblies.net472"))
            .Select(d => Path.Combine(d, "build", ".NETFramework", "v4.7.2")).First(Directory.Exists);
        var names = Directory.GetFiles(framework, "*.dll").Concat(Directory.GetFiles(Path.Combine(framework, "Facades"), "*.dll"))
            .Select(Path.GetFileNameWithoutExtension).ToHashSet(StringComparer.OrdinalIgnoreCase);
        names.Add("mscorlib");
        var own = Directory.GetFiles(RepoPaths.DesktopFolder, "*.dll").Select(Path.GetFileNameWithoutExtension).ToHashSet(StringComparer.OrdinalIgnoreCase);

        var missing = References(RepoPaths.DesktopFolder)
            .Where(r => !own.Contains(r.Reference.Name!) && !names.Contains(r.Reference.Name!) && !PowerShellAssemblies.Contains(r.Reference.Name))
            .Select(r => $"{r.Assembly} needs {r.Reference.Name}").Distinct().ToList();
        Assert.True(missing.Count == 0, string.Join("\n", missing));
    }

    [Fact]
    public void Module_folder_never_ships_System_Management_Automation()
    {
        Assert.Empty(Directory.GetFiles(RepoPaths.ModuleFolder, "System.Management.Automation.dll", SearchOption.AllDirectories));
        Assert.Equal(new[] { "OpenAI.PowerShell.dll", "OpenAI.PowerShell.Engine.dll" },
            Directory.GetFiles(RepoPaths.CoreFolder, "*.dll").Select(Path.GetFileName).OrderBy(n => n));
    }

    private static Dictionary<string, Version> Net8Framework()
    {
        var packs = Path.Combine(RepoPaths.NuGetPackages, "microsoft.netcore.app.ref");
        var list = Directory.GetDirectories(packs, "8.0.*").OrderByDescending(d => Version.Parse(Path.GetFileName(d)))
            .Select(d => Path.Combine(d, "data", "FrameworkList.xml")).First(File.Exists);
        return XDocument.Load(list).Root!.Elements("File")
            .Where(f => (string?)f.Attribute("Type") == "Managed")
            .ToDictionary(f => (string)f.Attribute("AssemblyName")!, f => Version.Parse((string)f.Attribute("AssemblyVersion")!), StringComparer.OrdinalIgnoreCase);
    }

    private static List<string> UnsatisfiedReferences(string folder, Dictionary<string, Version> framework, bool ignoreOwnFolder = false)
    {
        var own = ignoreOwnFolder
            ? new HashSet<string>(new[] { "OpenAI.PowerShell", "OpenAI.PowerShell.Engine" }, StringComparer.OrdinalIgnoreCase)
            : Directory.GetFiles(folder, "*.dll").Select(Path.GetFileNameWithoutExtension).ToHashSet(StringComparer.OrdinalIgnoreCase)!;
        var problems = new List<string>();
        foreach (var (assembly, reference) in References(folder).Where(r => own.Contains(r.Assembly)))
        {
            if (own.Contains(reference.Name!) || PowerShellAssemblies.Contains(reference.Name))
            {
                continue;
            }
            if (!framework.TryGetValue(reference.Name!, out var shipped))
            {
                problems.Add($"{assembly} needs {reference.Name} {reference.Version}, which .NET 8 does not ship");
            }
            else if (reference.Version > shipped)
            {
                problems.Add($"{assembly} needs {reference.Name} {reference.Version}, but .NET 8 ships {shipped}");
            }
        }
        return problems;
    }

    private static IEnumerable<(string Assembly, AssemblyName Reference)> References(string folder)
    {
        foreach (var file in Directory.GetFiles(folder, "*.dll"))
        {
            using var stream = File.OpenRead(file);
            using var pe = new PEReader(stream);
            var reader = pe.GetMetadataReader();
            foreach (var handle in reader.AssemblyReferences)
            {
                yield return (Path.GetFileNameWithoutExtension(file), reader.GetAssemblyReference(handle).GetAssemblyName());
            }
        }
    }
}

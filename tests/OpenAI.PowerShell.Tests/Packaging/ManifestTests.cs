using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace OpenAI.PowerShell.Tests.Packaging;

/// <summary>The manifest and the format file agree with the DLL they ship with.</summary>
public sealed class ManifestTests
{
    private static readonly string Manifest = File.ReadAllText(Path.Combine(RepoPaths.ModuleFolder, "OpenAI.PowerShell.psd1"));

    private static string Value(string key)
    {
        var match = Regex.Match(Manifest, @"^\s*" + key + @"\s*=\s*'([^']*)'", RegexOptions.Multiline);
        Assert.True(match.Success, $"{key} is not set in the manifest");
        return match.Groups[1].Value;
    }

    private static IReadOnlyList<string> List(string key)
    {
        var match = Regex.Match(Manifest, @"^\s*" + key + @"\s*=\s*@\(([^)]*)\)", RegexOptions.Multiline);
        Assert.True(match.Success, $"{key} is not set in the manifest");
        return Regex.Matches(match.Groups[1].Value, "'([^']+)'").Select(m => m.Groups[1].Value).ToList();
    }

    [Fact]
    public void Exports_exactly_the_cmdlets_in_the_dll()
    {
        using var metadata = new ModuleMetadata(Path.Combine(RepoPaths.CoreFolder, "OpenAI.PowerShell.dll"));
        var inDll = metadata.Cmdlets.Select(ModuleMetadata.CommandName).OrderBy(n => n, StringComparer.Ordinal);

        Assert.Equal(inDll, List("CmdletsToExport").OrderBy(n => n, StringComparer.Ordinal));
        Assert.Empty(List("FunctionsToExport"));
        Assert.Empty(List("AliasesToExport"));
    }

    [Fact]
    public void Release_notes_name_every_cmdlet_and_tags_name_what_the_module_covers()
    {
        var notes = Regex.Match(Manifest, @"ReleaseNotes\s*=\s*@'\r?\n(.*?)\r?\n'@", RegexOptions.Singleline);
        Assert.True(notes.Success, "ReleaseNotes is not a here-string in the manifest");
        Assert.StartsWith(Value("ModuleVersion"), notes.Groups[1].Value, StringComparison.Ordinal);
        Assert.All(List("CmdletsToExport"), cmdlet => Assert.Contains(cmdlet, notes.Groups[1].Value, StringComparison.Ordinal));

        var tags = List("Tags");
        Assert.Superset(new HashSet<string> { "OpenAI", "Uploads", "Files", "Images", "ImageEdit", "PSEdition_Desktop", "PSEdition_Core" }, tags.ToHashSet());
        Assert.All(tags, tag => Assert.DoesNotContain(' ', tag));
    }

    [Fact]
    public void Declares_editions_version_and_gallery_metadata()
    {
        Assert.Equal(new[] { "Desktop", "Core" }, List("CompatiblePSEditions"));
        Assert.Equal("5.1", Value("PowerShellVersion"));
        Assert.StartsWith("https://", Value("ProjectUri"));
        Assert.StartsWith("https://", Value("LicenseUri"));
        // The LicenseUri names a file of this repository; it must exist.
        Assert.True(File.Exists(Path.Combine(RepoPaths.Root, Value("LicenseUri").Split('/').Last())), "LicenseUri points at a file the repository lacks");
        Assert.Contains("OpenAI", List("Tags"));
        Assert.Equal(typeof(OpenAI.PowerShell.Commands.NewOAIUploadCommand).Assembly.GetName().Version!.ToString(3), Value("ModuleVersion"));
        Assert.True(File.Exists(Path.Combine(RepoPaths.ModuleFolder, Value("RootModule"))));
    }

    [Fact]
    public void Format_file_ships_and_its_views_name_types_that_exist()
    {
        var formats = List("FormatsToProcess");
        Assert.NotEmpty(formats);
        var engine = typeof(OpenAI.PowerShell.Model.Upload).Assembly;
        foreach (var format in formats)
        {
            var path = Path.Combine(RepoPaths.ModuleFolder, format);
            Assert.True(File.Exists(path), path);
            var typeNames = XDocument.Load(path).Descendants("TypeName").Select(e => e.Value.Trim()).ToList();
            Assert.NotEmpty(typeNames);
            foreach (var typeName in typeNames)
            {
                Assert.True(engine.GetType(typeName) is not null, $"{format} has a view for {typeName}, which does not exist");
            }
        }
    }

    [Fact]
    public void Format_file_scripts_name_public_engine_types_that_exist()
    {
        var engine = typeof(OpenAI.PowerShell.Model.Upload).Assembly;
        var scripts = XDocument.Load(Path.Combine(RepoPaths.ModuleFolder, "OpenAI.PowerShell.Format.ps1xml"))
            .Descendants("ScriptBlock").Select(e => e.Value).ToList();
        var literals = scripts.SelectMany(s => Regex.Matches(s, @"\[(OpenAI\.[\w.]+)\]").Select(m => m.Groups[1].Value)).Distinct().ToList();

        Assert.Contains("OpenAI.PowerShell.Model.ByteSize", literals); // proves the scan finds them
        Assert.All(literals, name => Assert.True(engine.GetType(name) is { IsPublic: true }, $"The format file calls [{name}], which is not a public type"));
    }

    [Fact]
    public void Types_file_ships_and_its_property_sets_name_properties_that_exist()
    {
        var types = List("TypesToProcess");
        Assert.Equal(new[] { "OpenAI.PowerShell.Types.ps1xml" }, types);
        var path = Path.Combine(RepoPaths.ModuleFolder, types[0]);
        Assert.True(File.Exists(path), path);
        var engine = typeof(OpenAI.PowerShell.Model.Upload).Assembly;
        var declared = XDocument.Load(path).Root!.Elements("Type").ToList();
        Assert.NotEmpty(declared);
        foreach (var type in declared)
        {
            var name = type.Element("Name")!.Value.Trim();
            var clr = engine.GetType(name);
            Assert.True(clr is not null, $"{types[0]} extends {name}, which does not exist");
            var referenced = type.Descendants("ReferencedProperties").Elements("Name").Select(e => e.Value.Trim())
                .Concat(type.Descendants("NoteProperty").Where(n => n.Element("Name")?.Value == "DefaultDisplayProperty").Select(n => n.Element("Value")!.Value.Trim()))
                .ToList();
            Assert.NotEmpty(referenced);
            Assert.All(referenced, property => Assert.True(clr!.GetProperty(property) is not null, $"{name} has no property {property}"));
        }
    }

    [Fact]
    public void Every_type_with_a_view_has_a_default_display_property_set()
    {
        var extended = XDocument.Load(Path.Combine(RepoPaths.ModuleFolder, "OpenAI.PowerShell.Types.ps1xml")).Root!.Elements("Type")
            .Where(t => t.Descendants("PropertySet").Any(p => p.Element("Name")?.Value == "DefaultDisplayPropertySet"))
            .Select(t => t.Element("Name")!.Value.Trim()).ToHashSet();
        var viewed = XDocument.Load(Path.Combine(RepoPaths.ModuleFolder, "OpenAI.PowerShell.Format.ps1xml"))
            .Descendants("TypeName").Select(e => e.Value.Trim()).ToHashSet();

        Assert.Equal(viewed.Order(StringComparer.Ordinal), extended.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_output_type_has_a_view()
    {
        using var metadata = new ModuleMetadata(Path.Combine(RepoPaths.CoreFolder, "OpenAI.PowerShell.dll"));
        var viewed = XDocument.Load(Path.Combine(RepoPaths.ModuleFolder, "OpenAI.PowerShell.Format.ps1xml"))
            .Descendants("TypeName").Select(e => e.Value.Trim()).ToHashSet();
        var outputs = metadata.Cmdlets.SelectMany(c => c.GetCustomAttributesData().Where(a => a.AttributeType.Name == "OutputTypeAttribute"))
            .SelectMany(a => a.ConstructorArguments)
            .SelectMany(arg => arg.Value is IEnumerable<System.Reflection.CustomAttributeTypedArgument> many ? many.Select(m => m.Value) : new[] { arg.Value })
            .OfType<Type>().Select(t => t.FullName!).Where(n => n.StartsWith("OpenAI.", StringComparison.Ordinal)).Distinct();

        Assert.All(outputs, name => Assert.Contains(name, viewed));
    }
}

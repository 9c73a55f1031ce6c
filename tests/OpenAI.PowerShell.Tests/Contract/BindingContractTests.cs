namespace OpenAI.PowerShell.Tests.Contract;

/// <summary>Checks the built DLL's binding contract from metadata, as PowerShell would read it.</summary>
public sealed class BindingContractTests : IDisposable
{
    private readonly ModuleMetadata _metadata = new(Path.Combine(RepoPaths.CoreFolder, "OpenAI.PowerShell.dll"));

    private IEnumerable<string> ActualRows() =>
        _metadata.Cmdlets.SelectMany(c => new[] { ModuleMetadata.CmdletRow(c) }.Concat(ModuleMetadata.ParameterRows(c)));

    [Fact]
    public void Every_cmdlet_matches_the_declared_table()
    {
        var expected = DeclaredContract.All().OrderBy(r => r, StringComparer.Ordinal).ToList();
        var actual = ActualRows().OrderBy(r => r, StringComparer.Ordinal).ToList();

        var missing = expected.Except(actual).ToList();
        var unexpected = actual.Except(expected).ToList();
        Assert.True(missing.Count == 0 && unexpected.Count == 0,
            "Declared but not built:\n  " + string.Join("\n  ", missing) + "\nBuilt but not declared:\n  " + string.Join("\n  ", unexpected)
            + "\nIf the change is meant, run the tests with OAI_DUMP_CONTRACT=1 and compare DeclaredContract.cs with the proposed one in the temp folder.");
    }

    [Fact]
    public void Cmdlet_classes_are_sealed_and_named_after_verb_and_noun()
    {
        foreach (var cmdlet in _metadata.Cmdlets)
        {
            Assert.True(cmdlet.IsSealed, cmdlet.Name);
            Assert.Equal(ModuleMetadata.CommandName(cmdlet).Replace("-", "") + "Command", cmdlet.Name);
            Assert.NotNull(ModuleMetadata.Attribute(cmdlet, "OutputTypeAttribute"));
        }
    }

    [Fact]
    public void No_parameter_binds_an_Id_property_by_name()
    {
        // A part's Id (and an upload's Id) must never land in -UploadId or -PartId through the pipeline.
        foreach (var cmdlet in _metadata.Cmdlets)
        {
            foreach (var property in ModuleMetadata.Parameters(cmdlet))
            {
                var byName = property.GetCustomAttributesData()
                    .Where(a => a.AttributeType.Name == "ParameterAttribute")
                    .Any(a => ModuleMetadata.Named(a, "ValueFromPipelineByPropertyName") is true);
                if (!byName)
                {
                    continue;
                }
                var names = property.GetCustomAttributesData().Where(a => a.AttributeType.Name == "AliasAttribute")
                    .SelectMany(a => ((IEnumerable<System.Reflection.CustomAttributeTypedArgument>)a.ConstructorArguments[0].Value!).Select(v => (string)v.Value!))
                    .Append(property.Name);
                Assert.DoesNotContain("Id", names, StringComparer.OrdinalIgnoreCase);
            }
        }
    }

    [Fact]
    public void A_part_carries_UploadId_and_an_upload_does_not()
    {
        var engine = _metadata.Assembly.GetReferencedAssemblies().First(a => a.Name == "OpenAI.PowerShell.Engine");
        var model = _metadata.Assembly.GetType("OpenAI.PowerShell.Commands.CompleteOAIUploadCommand")!.GetProperty("Part")!.PropertyType.GetElementType()!;

        Assert.Equal(engine.Name, model.Assembly.GetName().Name);
        Assert.NotNull(model.GetProperty("UploadId"));
        Assert.Null(model.Assembly.GetType("OpenAI.PowerShell.Model.Upload")!.GetProperty("UploadId"));
    }

    public void Dispose() => _metadata.Dispose();
}

using OpenAI.PowerShell.Hosted.Tests.Hosting;

namespace OpenAI.PowerShell.Hosted.Tests.Binding;

/// <summary>Each row of <see cref="BindingMatrix"/> in a real runspace, traced by PowerShell's own binder.</summary>
public sealed class BindingMatrixTests : HostedTest
{
    internal const string Setup = """
        $data = [byte[]]::new(3000); [Random]::new(7).NextBytes($data)
        [IO.File]::WriteAllBytes("$PWD/data.bin", $data)
        [IO.File]::WriteAllBytes("$PWD/we[ird].bin", $data)
        $u = New-OAIUpload -Path ./data.bin -Purpose batch
        $parts = Add-OAIUploadPart -Upload $u -Path ./data.bin -PartSize 1000
        $u2 = New-OAIUpload -Path ./data.bin -Purpose batch
        $parts2 = Add-OAIUploadPart -Upload $u2 -Path ./data.bin -PartSize 1500
        $done = Send-OAIFile -LiteralPath ./data.bin -Purpose vision
        $file = $done.File
        $u | Export-Clixml ./u.xml
        $parts | Export-Clixml ./parts.xml
        $file | Export-Clixml ./file.xml
        $u | Export-Csv ./u.csv
        $parts | Export-Csv ./parts.csv
        """;

    public static TheoryData<BindingRow> Rows()
    {
        var data = new TheoryData<BindingRow>();
        foreach (var row in BindingMatrix.Rows)
        {
            data.Add(row);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Piped_input_binds_where_the_matrix_says(BindingRow row)
    {
        Run(Setup).ThrowIfFailed();
        Server.Requests.Clear();

        var result = Run(BindingTrace.Traced(row.Pipeline));
        var bound = BindingTrace.PipelineBindings(result.HostText, row.Command);

        if (row.BindsTo is { } parameters)
        {
            // A row may bind several parameters at once (a CSV row per edit): all of them, and only them.
            var expected = parameters.Split(',');
            Assert.True(bound.Count == expected.Length && bound.All(expected.Contains),
                $"{row}: bound to [{string.Join(", ", bound)}]; errors: {string.Join("; ", result.ErrorIds)}");
            Assert.DoesNotContain(result.ErrorIds, id => id.StartsWith("InputObjectNotBound", StringComparison.Ordinal));
        }
        else
        {
            Assert.True(bound.Count == 0, $"{row}: bound to [{string.Join(", ", bound)}]");
            // PowerShell says either that nothing takes the object, or that no parameter set fits it.
            Assert.Contains(result.ErrorIds, id => id.StartsWith("InputObjectNotBound", StringComparison.Ordinal)
                                                   || id.StartsWith("AmbiguousParameterSet", StringComparison.Ordinal));
            Assert.Empty(Server.Requests.All);
        }
    }
}

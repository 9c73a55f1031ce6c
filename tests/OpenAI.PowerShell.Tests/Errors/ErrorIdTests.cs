using System.Management.Automation;
using System.Reflection;
using System.Text.RegularExpressions;
using OpenAI.PowerShell.Errors;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Tests.Packaging;

namespace OpenAI.PowerShell.Tests.Errors;

public sealed class ErrorIdTests
{
    private static readonly FieldInfo[] Constants = typeof(ErrorIds).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string)).ToArray();

    [Fact]
    public void Every_ErrorIds_constant_is_a_row_of_the_table()
    {
        // A constant without [ErrorId] would have no category and would never end the command.
        var unmarked = Constants.Where(f => f.GetCustomAttribute<ErrorIdAttribute>() is null).Select(f => f.Name).ToList();
        Assert.True(unmarked.Count == 0, "ErrorIds constants without [ErrorId]: " + string.Join(", ", unmarked));
        Assert.Equal(Constants.Length, ErrorTable.All.Count);
        Assert.True(ErrorTable.All.Count > 80, "the table reads fewer ids than the module has");
    }

    [Fact]
    public void Every_ErrorId_is_stable_and_namespaced()
    {
        var ids = ErrorTable.All.Select(e => e.Id).ToList();
        Assert.All(ids, id => Assert.Matches("^OpenAI\\.[A-Z][A-Za-z0-9]+$", id));
        // Two reasons must never share an id.
        Assert.Equal(Constants.Length, Constants.Select(f => (string)f.GetRawConstantValue()!).Distinct().Count());
    }

    [Fact]
    public void Every_category_name_is_a_PowerShell_ErrorCategory()
    {
        // The engine cannot see ErrorCategory; a misspelt name would fall back to NotSpecified.
        foreach (var name in Enum.GetNames(typeof(ErrorCategoryName)))
        {
            Assert.True(Enum.IsDefined(typeof(ErrorCategory), name), $"ErrorCategory has no member {name}");
        }
        Assert.All(ErrorTable.All, entry =>
            Assert.Equal(entry.Category.ToString(), ErrorCategories.Of(entry.Id, null).ToString()));
    }

    [Theory]
    [InlineData(ErrorIds.ServerError, 500, ErrorCategory.InvalidResult)]
    [InlineData(ErrorIds.ServerError, 502, ErrorCategory.ConnectionError)]
    [InlineData(ErrorIds.ServerError, 503, ErrorCategory.ConnectionError)]
    [InlineData(ErrorIds.ServerError, 504, ErrorCategory.ConnectionError)]
    [InlineData(ErrorIds.HttpError, 503, ErrorCategory.InvalidResult)]
    [InlineData(ErrorIds.NotFound, 404, ErrorCategory.ObjectNotFound)]
    [InlineData(ErrorIds.InsufficientQuota, 429, ErrorCategory.QuotaExceeded)]
    [InlineData("OpenAI.NoSuchId", null, ErrorCategory.NotSpecified)]
    public void Category_follows_the_table_and_the_gateway_rule(string errorId, int? status, ErrorCategory expected)
    {
        Assert.Equal(expected, ErrorCategories.Of(errorId, status));
    }

    [Fact]
    public void Only_invocation_errors_end_the_command()
    {
        var ending = ErrorTable.All.Where(e => e.EndsCommand).Select(e => e.Id).OrderBy(id => id, StringComparer.Ordinal);
        Assert.Equal(new[]
        {
            ErrorIds.AccessTokenFailed, ErrorIds.InvalidBaseUri, ErrorIds.InvalidHeaderValue, ErrorIds.InvalidProxy, ErrorIds.MissingApiKey,
            ErrorIds.NotOnProjectEndpoint, ErrorIds.NotWithAsBatch, ErrorIds.PartialImagesNeedStream, ErrorIds.PassThruNeedsOutput, ErrorIds.UnencryptedAuthentication,
        }, ending);
        Assert.True(ErrorRecords.EndsTheCommand(new OpenAIException(ErrorIds.MissingApiKey, "m")));
        Assert.False(ErrorRecords.EndsTheCommand(new OpenAIException(ErrorIds.NotFound, "m")));
    }

    [Fact]
    public void Every_id_written_in_the_source_is_in_the_table()
    {
        // Ids are raised through ErrorIds constants; a literal elsewhere is an id the table does not know,
        // and one in a test asserts an id the module cannot emit.
        var literal = new Regex("\"(OpenAI\\.[A-Z][A-Za-z0-9]*)\"");
        var notIds = new HashSet<string>(StringComparer.Ordinal) { "OpenAI.PowerShell", "OpenAI.Emulator" };
        var table = Path.Combine("src", "OpenAI.PowerShell.Engine", "Http", "ErrorIds.cs");
        var problems = new List<string>();
        var scanned = 0;
        foreach (var folder in new[] { "src", "tests" })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, folder), "*.cs", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(RepoPaths.Root, file);
                if (relative == table || relative.Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj"))
                {
                    continue;
                }
                scanned++;
                foreach (Match match in literal.Matches(File.ReadAllText(file)))
                {
                    var id = match.Groups[1].Value;
                    if (notIds.Contains(id))
                    {
                        continue;
                    }
                    if (folder == "src")
                    {
                        problems.Add($"{relative}: {id} is written out; use ErrorIds");
                    }
                    else if (ErrorTable.Find(id) is null && !IsThisTestsOwnExample(file, id))
                    {
                        problems.Add($"{relative}: {id} is not in ErrorIds");
                    }
                }
            }
        }
        Assert.True(scanned > 50, "the scan found too few source files");
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    private static bool IsThisTestsOwnExample(string file, string id) =>
        id == "OpenAI.NoSuchId" && Path.GetFileName(file) == "ErrorIdTests.cs";
}

using System.Management.Automation;
using OpenAI.PowerShell.Http;

namespace OpenAI.PowerShell.Tests.Seam;

public sealed class ErrorRecordTests
{
    [Fact]
    public void Every_engine_category_is_a_PowerShell_ErrorCategory()
    {
        // The cmdlets convert by name; a name PowerShell lacks would silently become NotSpecified.
        foreach (var name in Enum.GetNames<OpenAIErrorCategory>())
        {
            Assert.True(Enum.TryParse<ErrorCategory>(name, out _), name);
        }
    }

    [Fact]
    public void Every_ErrorId_is_stable_and_namespaced()
    {
        foreach (var holder in new[] { typeof(ErrorIds), typeof(OpenAI.PowerShell.Images.ImageErrorIds) })
        {
            var ids = holder.GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetValue(null)!).ToList();

            Assert.All(ids, id => Assert.Matches("^OpenAI\\.[A-Z][A-Za-z0-9]+$", id));
            // Within one list, two reasons must never share an id (the image list re-uses a few shared ones by name).
            Assert.Equal(ids.Count, ids.Distinct().Count());
        }
    }
}

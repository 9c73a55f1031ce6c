using OpenAI.PowerShell.Errors;
using OpenAI.PowerShell.Http;

namespace OpenAI.PowerShell.Tests.Errors;

public sealed class ErrorIdTests
{
    private static IEnumerable<string> DeclaredIds(Type holder) =>
        holder.GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetValue(null)!);

    [Fact]
    public void Every_ErrorId_is_stable_and_namespaced()
    {
        foreach (var holder in new[] { typeof(ErrorIds), typeof(OpenAI.PowerShell.Images.ImageErrorIds) })
        {
            var ids = DeclaredIds(holder).ToList();

            Assert.All(ids, id => Assert.Matches("^OpenAI\\.[A-Z][A-Za-z0-9]+$", id));
            // Within one list, two reasons must never share an id (the image list re-uses a few shared ones by name).
            Assert.Equal(ids.Count, ids.Distinct().Count());
        }
    }

    [Fact]
    public void Every_ErrorId_has_a_PowerShell_category()
    {
        // An id without an entry would show as NotSpecified, and -ErrorAction scripts that test the category would miss it.
        var missing = DeclaredIds(typeof(ErrorIds)).Concat(DeclaredIds(typeof(OpenAI.PowerShell.Images.ImageErrorIds)))
            .Distinct().Where(id => !ErrorCategories.Known.Contains(id)).ToList();

        Assert.True(missing.Count == 0, "No ErrorCategory for: " + string.Join(", ", missing));
    }
}

using System.Management.Automation;
using OpenAI.PowerShell.Hosted.Tests.Hosting;
using OpenAI.PowerShell.TestSupport;

namespace OpenAI.PowerShell.Hosted.Tests.Commands;

/// <summary>What the New-OAIImageEdit tests share: PNG fixtures, the error id form and a session without a key.</summary>
public abstract class ImageEditTest : HostedTest
{
    protected const string Command = "OpenAI.PowerShell.Commands.NewOAIImageEditCommand";

    /// <summary>The folder -OutDirectory ./out resolves to.</summary>
    protected string OutDir => Path.Combine(Files.Root, "out");

    protected int EditRequests => Requests("POST", "/images/edits");

    /// <summary>A PNG in the current location; RGBA unless <paramref name="alpha"/> is false.</summary>
    protected string Png(string name, int width = 64, int height = 64, bool alpha = true) =>
        TestImages.WritePng(Path.Combine(Files.Root, name), width, height, colorType: alpha ? 6 : 2);

    /// <summary>FullyQualifiedErrorId as PowerShell builds it for this cmdlet.</summary>
    protected static string Qualified(string errorId) => errorId + "," + Command;

    /// <summary>
    /// The file names of the "image" parts the emulator received, one string per edit request
    /// ("" when it recorded none, e.g. for a request refused before its body was read).
    /// </summary>
    protected IEnumerable<string> SentImageNames =>
        Server.Requests.All.Where(r => r.Path.Contains("/images/edits", StringComparison.Ordinal))
            .Select(r => string.Join(", ", r.FormParts.Where(p => p.Name == "image").Select(p => p.FileName)))
            .ToList();

    /// <summary>
    /// Wraps a pipeline in try/catch, as a script would. A terminating error (ThrowTerminatingError)
    /// is caught and becomes the last output; an error per record is not caught and stays in Errors.
    /// After the pipeline, "finished" is written, so a caught error also shows that the script stopped there.
    /// </summary>
    protected static string Catching(string pipeline) => "try {\n" + pipeline + "\n'finished'\n} catch { $_ }";

    protected static void AssertError(ErrorRecord error, string errorId, ErrorCategory category, object? target)
    {
        Assert.Equal(Qualified(errorId), error.FullyQualifiedErrorId);
        Assert.Equal(category, error.CategoryInfo.Category);
        Assert.Equal(target, error.TargetObject);
    }
}

using System.Management.Automation;
using OpenAI.Emulator;
using OpenAI.PowerShell.Hosted.Tests.Hosting;

namespace OpenAI.PowerShell.Hosted.Tests.Docs;

/// <summary>
/// What one example needs and promises.
/// <para><see cref="Prelude"/> runs first in the same runspace: it sets the variables the example uses
/// without assigning them ($upload, $id, ...) and may output one hashtable of placeholder text (such as
/// 'upload_6f1c2e0a9b3d4c5e8f7a1b2c') to the real value that replaces it in the example.</para>
/// <para><see cref="Outputs"/> are the short type names of what the example writes to the pipeline
/// (Upload, UploadPart, OpenAIFile, OAIContext, ImageEditResult, FileInfo, String, or Format for
/// Format-* output); an empty list means it writes nothing. <see cref="Errors"/> are ErrorIds the example
/// is meant to produce (a failure it then resumes from); any other error fails the test.</para>
/// </summary>
public sealed record ExampleFixture(string[] Outputs)
{
    public string? Prelude { get; init; }
    public Action<EmulatorServer>? Faults { get; init; }
    public string[] Errors { get; init; } = Array.Empty<string>();
    public Action<ExampleRun>? Check { get; init; }
}

/// <summary>An example's result, with what the emulator and the temp folder hold afterwards.</summary>
public sealed class ExampleRun
{
    private readonly PowerShellSession _session;

    public ExampleRun(string script, RunResult result, EmulatorServer server, PowerShellSession session, string root)
    {
        Script = script;
        Result = result;
        Server = server;
        _session = session;
        Root = root;
    }

    public RunResult Result { get; }
    public EmulatorServer Server { get; }
    public string Root { get; }

    public IEnumerable<PSObject> Of(string type) => Result.Output.Where(o => ShortType(o) == type);

    public PSObject Single(string type) => Assert.Single(Of(type));

    /// <summary>The output as a user would see it at 120 columns.</summary>
    public string Text => _session.Run("$args[0] | Out-String -Width 120", Result.Output).Output.Single().ToString();

    public int Requests(string method, string pathContains) => Server.Requests.Count(method, pathContains);

    /// <summary>How many uploads were created (POST /v1/uploads itself, not its parts or completion).</summary>
    public int UploadsCreated => Server.Requests.All.Count(q => q.Method == "POST" && q.Path.TrimEnd('/').EndsWith("/uploads", StringComparison.Ordinal));

    /// <summary>The example as it ran, placeholders replaced.</summary>
    public string Script { get; }

    /// <summary>Runs a follow-up command in the example's runspace, e.g. Get-OAIContext after Set-OAIContext.</summary>
    public RunResult RunMore(string script) => _session.Run(script).ThrowIfFailed();

    /// <summary>Runs the example again after <paramref name="setup"/>, to check its other branch; failures are returned, not thrown.</summary>
    public RunResult RunAgainAfter(string setup) => _session.Run(setup + "\n" + Script);

    /// <summary>The one request with this method and path fragment.</summary>
    public RecordedRequest Request(string method, string pathContains) => Assert.Single(Server.Requests.All,
        r => string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase) && r.Path.Contains(pathContains, StringComparison.Ordinal));

    /// <summary>The file id a Format-List or table of a completed upload shows.</summary>
    public string FileIdInText() => System.Text.RegularExpressions.Regex.Match(Text, @"file-[0-9a-f]{24}") is { Success: true } m
        ? m.Value : throw new Xunit.Sdk.XunitException("No file id in the output:\n" + Text);

    /// <summary>The assembled bytes of a file id equal the local file's.</summary>
    public void AssembledFrom(string fileId, string relativePath) =>
        Assert.Equal(File.ReadAllBytes(LocalPath(relativePath)), Server.State.ReadFileContent(fileId));

    /// <summary>The completed upload's assembled bytes equal the local file's.</summary>
    public void AssembledFrom(PSObject upload, string relativePath)
    {
        Assert.Equal("completed", Get<string>(upload, "Status"));
        AssembledFrom(Get<string>(upload, "FileId"), relativePath);
    }

    public void HostSays(string text) => Assert.Contains(text, Result.HostText, StringComparison.Ordinal);

    public string LocalPath(string relative) => Path.Combine(Root, relative);

    public static T Get<T>(PSObject o, string property) =>
        (T)LanguagePrimitives.ConvertTo(o.Properties[property]?.Value ?? throw new InvalidOperationException($"No property {property} on {o.TypeNames[0]}"), typeof(T));

    public static string ShortType(PSObject o)
    {
        var name = o.TypeNames[0];
        return name.StartsWith("Microsoft.PowerShell.Commands.Internal.Format.", StringComparison.Ordinal) ? "Format" : name[(name.LastIndexOf('.') + 1)..];
    }
}

using System.Management.Automation.Language;
using System.Text.RegularExpressions;
using OpenAI.Emulator;
using OpenAI.PowerShell.Hosted.Tests.Hosting;
using OpenAI.PowerShell.TestSupport;

namespace OpenAI.PowerShell.Hosted.Tests.Docs;

/// <summary>
/// How an example written for a user's machine runs against the emulator in a temp folder.
/// Every rule here is listed in the comment at the top of DocsExampleTests.
/// </summary>
public static class ExampleConventions
{
    /// <summary>The first of the two files made for a wildcard; the second has [1] in its name.</summary>
    public static readonly string[] WildcardNames = { "one", "two[1]" };

    private static readonly string[] OutputParameters = { "OutFile", "OutDirectory", "Destination", "StatePath" };
    private static readonly Regex PathLike = new(@"^(\./|\$PWD/)?[\w\-./\[\]*]+\.[A-Za-z0-9]+$", RegexOptions.Compiled);
    private static readonly Regex PartSize = new(@"-PartSize\s+(\d+)(KB|MB)", RegexOptions.Compiled | RegexOptions.IgnoreCase);

    /// <summary>
    /// Defines the stand-ins for the interactive commands and points ~ into the temp folder.
    /// Read-Host returns the emulator's key (as a SecureString with -AsSecureString), Get-Credential
    /// a made-up proxy credential, and "..." (a placeholder for the reader's own code) says it ran.
    /// </summary>
    public const string SessionSetup = """
        $global:__exampleKey = $args[0]
        function global:Read-Host {
            param([Parameter(Position = 0)] [object] $Prompt, [switch] $AsSecureString, [switch] $MaskInput)
            if ($AsSecureString) { ConvertTo-SecureString $global:__exampleKey -AsPlainText -Force } else { $global:__exampleKey }
        }
        function global:Get-Credential {
            param([Parameter(Position = 0)] [object] $Credential, [string] $Message, [string] $UserName, [string] $Title)
            [pscredential]::new('proxy-user', (ConvertTo-SecureString 'not-a-real-password' -AsPlainText -Force))
        }
        function global:... { 'placeholder ran' }
        $null = New-Item -ItemType Directory -Path $args[1] -Force
        (Get-PSProvider FileSystem).Home = $args[1]
        Set-OAIContext -Reset
        Set-OAIContext -BaseUri $args[2] -ApiKey (ConvertTo-SecureString $args[0] -AsPlainText -Force) -MaxRetries 1
        """;

    /// <summary>
    /// Rewrites the machine-specific bits: absolute and UNC paths move under the current folder,
    /// (API endpoints such as /v1/chat/completions stay as they are), the module path points at the built module, the emulator address and key in the offline
    /// examples become this test's emulator, and placeholder ids become the real ids a prelude made.
    /// </summary>
    public static string Substitute(string script, EmulatorServer server, IReadOnlyDictionary<string, string> placeholders)
    {
        script = Regex.Replace(script, @"\\\\(\w[\w.-]*)\\([^'""\s]+)", m => "./" + m.Groups[1].Value + "/" + m.Groups[2].Value.Replace('\\', '/'));
        script = Regex.Replace(script, @"(?<=[\s'""])/(?!v1/)(?=[A-Za-z])", "./");
        script = script.Replace("./out/OpenAI.PowerShell/OpenAI.PowerShell.psd1", "'" + RepoPaths.ModuleManifest.Replace("'", "''") + "'", StringComparison.Ordinal);
        script = script.Replace("http://127.0.0.1:8080/v1", server.BaseUri.ToString().TrimEnd('/'), StringComparison.Ordinal);
        script = Regex.Replace(script, @"(?<![\w-])sk-test(?![\w-])", server.ApiKey);
        foreach (var (placeholder, value) in placeholders)
        {
            script = script.Replace(placeholder, value, StringComparison.Ordinal);
        }
        return script;
    }

    /// <summary>
    /// Creates the input files an example names (./x, $PWD/x, or a wildcard), relative to
    /// <paramref name="root"/>. Paths given to -OutFile, -OutDirectory, -Destination and -StatePath and resume
    /// records (*.resume.json) are what the example writes, so they are not created.
    /// </summary>
    public static IReadOnlyList<string> CreateInputs(string script, string root)
    {
        var created = new List<string>();
        var size = DataFileSize(script);
        foreach (var relative in InputPaths(script))
        {
            var names = relative.Contains('*') ? WildcardNames.Select(n => relative.Replace("*", n)) : new[] { relative };
            foreach (var name in names)
            {
                var path = Path.Combine(root, name);
                if (File.Exists(path))
                {
                    continue;
                }
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllBytes(path, Content(name, size, fineTune: script.Contains("fine-tune", StringComparison.Ordinal)));
                created.Add(name);
            }
        }
        return created;
    }

    /// <summary>The relative input paths named in a script, without ./ or $PWD/.</summary>
    public static IEnumerable<string> InputPaths(string script)
    {
        var ast = Parser.ParseInput(script, out _, out _);
        var outputs = new HashSet<int>();
        foreach (var command in ast.FindAll(a => a is CommandAst, true).Cast<CommandAst>())
        {
            var elements = command.CommandElements;
            for (var i = 0; i < elements.Count; i++)
            {
                if (elements[i] is CommandParameterAst p && OutputParameters.Contains(p.ParameterName, StringComparer.OrdinalIgnoreCase))
                {
                    var argument = p.Argument ?? (i + 1 < elements.Count ? elements[i + 1] : null);
                    if (argument is not null)
                    {
                        outputs.Add(argument.Extent.StartOffset);
                    }
                }
            }
        }
        var values = ast.FindAll(a => a is StringConstantExpressionAst or ExpandableStringExpressionAst, true)
            .Where(a => !outputs.Contains(a.Extent.StartOffset))
            .Select(a => a is StringConstantExpressionAst s ? s.Value : ((ExpandableStringExpressionAst)a).Value);
        return values
            .Where(v => PathLike.IsMatch(v) && (v.StartsWith("./", StringComparison.Ordinal) || v.StartsWith("$PWD/", StringComparison.Ordinal) || v.Contains('*')))
            .Where(v => !v.EndsWith(".resume.json", StringComparison.OrdinalIgnoreCase))
            .Select(v => v.StartsWith("$PWD/", StringComparison.Ordinal) ? v[5..] : v.StartsWith("./", StringComparison.Ordinal) ? v[2..] : v)
            .Distinct()
            .ToList();
    }

    /// <summary>
    /// Data files are small, but at least two parts plus a remainder where an example sets -PartSize,
    /// so ordering and joining are really exercised: 2 x PartSize + 1 MiB + 17 bytes, else 1 MiB + 17.
    /// </summary>
    public static long DataFileSize(string script)
    {
        var partSize = PartSize.Matches(script)
            .Select(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) * (m.Groups[2].Value.Equals("MB", StringComparison.OrdinalIgnoreCase) ? 1 << 20 : 1 << 10))
            .DefaultIfEmpty(0).Max();
        return 2 * partSize + (1 << 20) + 17;
    }

    /// <summary>A .jsonl file passes the module's check for the purpose the example names (fine-tune, else batch).</summary>
    private static byte[] Content(string name, long size, bool fineTune) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".jsonl" => JsonlSamples.Bytes(size, fineTune, name.Length),
        ".png" => TestImages.Png(64, 64),
        ".jpg" or ".jpeg" => TestImages.Jpeg(64, 64),
        ".webp" => TestImages.WebpLossy(64, 64),
        _ => RandomBytes(size, name.Length),
    };

    private static byte[] RandomBytes(long size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}

using OpenAI.PowerShell.Hosted.Tests.Hosting;
using Xunit.Abstractions;

namespace OpenAI.PowerShell.Hosted.Tests.Docs;

/// <summary>
/// Every PowerShell example in README.md and docs/en-US/*.md (about_ topic included) runs here, in a
/// real runspace against the emulator, and its result is asserted. One row per example, named
/// "file &gt; heading", with its fixture row in <see cref="ExampleFixtures"/>.
///
/// Conventions that turn a reader's example into a test (<see cref="ExampleConventions"/>):
/// - The current folder is a fresh temp folder. Input files the example names (./x, $PWD/x, a wildcard
///   such as ./portraits/*.png) are created there first: .png a 64x64 RGBA PNG, .jpg/.webp a 64x64
///   header, .jsonl a valid batch file (a fine-tuning file when the example says fine-tune), anything
///   else seeded random bytes; 1 MiB + 17 bytes, or 2 x -PartSize + 1 MiB + 17 when
///   the example sets -PartSize. A wildcard gets two files, one.ext and two[1].ext (a '[' in a name
///   must stay literal). Paths after -OutFile, -OutDirectory, -Destination, -StatePath and *.resume.json
///   are outputs and are not created.
/// - Absolute paths (/readonly/x) and UNC paths (\\server\share\x) move under the temp folder
///   (./readonly/x, ./server/share/x); API endpoints (/v1/...) stay as they are; ~ is a home folder inside it.
/// - ./out/OpenAI.PowerShell/OpenAI.PowerShell.psd1 is the built module; http://127.0.0.1:8080/v1 and
///   sk-test (the offline examples) are this test's emulator and its key.
/// - Read-Host returns the emulator's key (a SecureString with -AsSecureString), Get-Credential a
///   made-up credential, and "..." (the reader's own code) outputs 'placeholder ran'.
/// - Variables an example uses without assigning them ($upload, $id, ...) come from the fixture's
///   prelude, which also maps placeholder ids (upload_6f1c..., part_a1) to real ids it created.
/// - Where an example says "Ctrl+C, or a part fails for good", the emulator fails the part for good.
/// - Examples run under Set-StrictMode -Version Latest, so a misspelt property or an unset variable fails.
/// An example that cannot run here is marked in its markdown with
/// &lt;!-- example: not runnable here: reason --&gt; right before the fence, and listed by a Fact below.
/// </summary>
public sealed class DocsExampleTests : HostedTest
{
    private static readonly Lazy<DocScan> Docs = new(() => DocExampleExtractor.Scan(RepoPaths.Root));
    private readonly ITestOutputHelper _output;

    public DocsExampleTests(ITestOutputHelper output) => _output = output;

    public static TheoryData<string> RunnableExamples()
    {
        var data = new TheoryData<string>();
        foreach (var example in Docs.Value.Examples.Where(e => e.NotRunnableReason is null))
        {
            data.Add(example.Key);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(RunnableExamples))]
    public void Example_runs_against_the_emulator_and_does_what_the_docs_say(string key)
    {
        var example = Docs.Value.Examples.Single(e => e.Key == key);
        var fixture = ExampleFixtures.For(key) ?? throw new InvalidOperationException($"No fixture row for '{key}' in ExampleFixtures.");
        var home = Path.Combine(Files.Root, "home");
        Run(ExampleConventions.SessionSetup, Server.ApiKey, home, Server.BaseUri.ToString()).ThrowIfFailed();
        try
        {
            var created = ExampleConventions.CreateInputs(
                (fixture.Prelude ?? "") + "\n" + ExampleConventions.Substitute(example.Script, Server, new Dictionary<string, string>()), Files.Root);
            var placeholders = new Dictionary<string, string>(StringComparer.Ordinal);
            if (fixture.Prelude is not null)
            {
                foreach (var table in Run(fixture.Prelude).ThrowIfFailed().Output.Select(o => o.BaseObject).OfType<System.Collections.IDictionary>())
                {
                    foreach (System.Collections.DictionaryEntry entry in table)
                    {
                        placeholders[entry.Key.ToString()!] = entry.Value!.ToString()!;
                    }
                }
            }
            fixture.Faults?.Invoke(Server);
            Server.Requests.Clear();
            var script = ExampleConventions.Substitute(example.Script, Server, placeholders);
            _output.WriteLine($"{key} (line {example.Line}); inputs: {string.Join(", ", created)}\n{script}");

            var result = Run("Set-StrictMode -Version Latest\n" + script);
            _output.WriteLine("output: " + string.Join(", ", result.Output.Select(ExampleRun.ShortType)));
            _output.WriteLine("errors: " + string.Join("; ", result.AllErrors.Select(e => e.FullyQualifiedErrorId + " " + e.Exception?.Message)));

            var unexpected = result.AllErrors.Where(e => !fixture.Errors.Contains(e.FullyQualifiedErrorId.Split(',')[0])).ToList();
            Assert.True(unexpected.Count == 0, $"{key} failed:\n" + string.Join("\n", unexpected.Select(e =>
                $"{e.FullyQualifiedErrorId}: {e.Exception?.Message}\n{e.InvocationInfo?.PositionMessage}")));
            foreach (var expected in fixture.Errors)
            {
                Assert.Contains(result.ErrorIds, id => id.Split(',')[0] == expected);
            }
            var types = result.Output.Select(ExampleRun.ShortType).Distinct().ToList();
            Assert.True(types.OrderBy(t => t).SequenceEqual(fixture.Outputs.OrderBy(t => t)),
                $"{key}: output types [{string.Join(", ", types)}], the docs promise [{string.Join(", ", fixture.Outputs)}]");
            fixture.Check?.Invoke(new ExampleRun(script, result, Server, Session, Files.Root));
        }
        finally
        {
            // Later examples in this session must not inherit a proxy or a project from this one.
            Run("Set-OAIContext -Reset");
        }
    }

    [Fact]
    public void Examples_that_cannot_run_here_are_few_and_say_why()
    {
        var marked = Docs.Value.Examples.Where(e => e.NotRunnableReason is not null).ToList();
        _output.WriteLine($"{Docs.Value.Examples.Count} examples, {marked.Count} marked not runnable here:");
        foreach (var example in marked)
        {
            _output.WriteLine($"  {example.Key} (line {example.Line}): {example.NotRunnableReason}");
            Assert.False(string.IsNullOrWhiteSpace(example.NotRunnableReason), $"{example.Key} is marked without a reason.");
        }
        _output.WriteLine($"{Docs.Value.ShellBlocks.Count} shell blocks skipped: {string.Join(", ", Docs.Value.ShellBlocks)}");
        Assert.True(marked.Count <= 1, "More examples are marked not runnable than before: " + string.Join(", ", marked.Select(e => e.Key)));
    }

    [Fact]
    public void The_docs_have_examples_and_every_example_has_exactly_one_fixture_row()
    {
        var keys = Docs.Value.Examples.Where(e => e.NotRunnableReason is null).Select(e => e.Key).ToList();
        Assert.True(keys.Count >= 40, $"Only {keys.Count} runnable examples were found; did the extractor break?");
        Assert.Equal(keys.Count, keys.Distinct().Count());
        var missing = keys.Where(k => ExampleFixtures.For(k) is null).ToList();
        var stale = ExampleFixtures.Keys.Where(k => !keys.Contains(k)).ToList();
        Assert.True(missing.Count == 0 && stale.Count == 0,
            $"Examples without a fixture row:\n  {string.Join("\n  ", missing)}\nFixture rows without an example:\n  {string.Join("\n  ", stale)}");
    }
}

using OpenAI.Emulator;

namespace OpenAI.PowerShell.Hosted.Tests.Docs;

/// <summary>
/// One row per docs example: its prelude, faults and what it promises. Rows are keyed
/// "file &gt; heading" as <see cref="DocExampleExtractor"/> names them; a row without an example, or an
/// example without a row, fails a test, so a renamed heading is noticed.
/// </summary>
public static partial class ExampleFixtures
{
    private const string Add = "docs/en-US/Add-OAIUploadPart.md > ";
    private const string Complete = "docs/en-US/Complete-OAIUpload.md > ";
    private const string NewUpload = "docs/en-US/New-OAIUpload.md > ";
    private const string Send = "docs/en-US/Send-OAIFile.md > ";
    private const string Stop = "docs/en-US/Stop-OAIUpload.md > ";

    private static string[] None => Array.Empty<string>();
    private static string[] Upload => new[] { "Upload" };
    private static string[] Parts => new[] { "UploadPart" };

    private static readonly Dictionary<string, ExampleFixture> Rows = new Dictionary<string, ExampleFixture>(StringComparer.Ordinal)
    {
        [Add + "Example 1: Pipe a file in as byte chunks (PowerShell 7)"] = new(new[] { "UploadPart", "Upload" })
        {
            Check = r => r.AssembledFrom(r.Single("Upload"), "big.jsonl"),
        },
        [Add + "Example 2: Stream a file from disk in parts of 16 MiB, 8 at a time"] = new(Parts)
        {
            Check = r =>
            {
                Assert.Equal(new[] { 1, 2, 3 }, r.Of("UploadPart").Select(p => ExampleRun.Get<int>(p, "PartNumber")));
                Assert.Equal(new long[] { 0, 16 << 20, 32 << 20 }, r.Of("UploadPart").Select(p => ExampleRun.Get<long>(p, "Offset")));
            },
        },
        [Add + "Example 7: Pipe any .NET stream in, refilling one buffer"] = new(Upload)
        {
            Check = r => r.AssembledFrom(r.Single("Upload"), "big.jsonl"),
        },
        [Add + "Example 3: Send the parts and complete in one pipeline"] = new(Upload)
        {
            Check = r =>
            {
                r.AssembledFrom(r.Single("Upload"), "train.jsonl");
                Assert.Equal(3, r.Requests("POST", "/parts"));
            },
        },
        [Add + "Example 4: Add one explicit part by upload id"] = new(Parts)
        {
            Prelude = """
                $target = New-OAIUpload -FileName header.csv -Bytes (Get-Item ./header.csv).Length -Purpose batch
                @{ 'upload_6f1c2e0a9b3d4c5e8f7a1b2c' = $target.Id }
                """,
            Check = r =>
            {
                var part = r.Single("UploadPart");
                Assert.Equal(new FileInfo(r.LocalPath("header.csv")).Length, ExampleRun.Get<long>(part, "Length"));
                Assert.Equal(1, r.Requests("POST", "/parts"));
            },
        },
        [Add + "Example 5: Keep the upload when a part fails, to try again later"] = new(Parts)
        {
            Prelude = "$upload = New-OAIUpload -Path ./big.jsonl -Purpose batch",
            Faults = PartFailsForGood,
            Errors = new[] { "OpenAI.ServerError" },
            Check = r =>
            {
                // The other parts were in flight: they finish and are written; the upload stays open for another try.
                var upload = Assert.Single(r.Server.State.Uploads);
                Assert.Equal("pending", upload.Status);
                Assert.Equal(upload.Parts.Select(p => p.Id).Order(), r.Of("UploadPart").Select(p => ExampleRun.Get<string>(p, "Id")).Order());
                Assert.Equal(2, upload.Parts.Count);
                Assert.Equal(0, r.Requests("POST", "/cancel"));
                Assert.Contains(r.Result.Warnings, w => w.Contains("is kept", StringComparison.Ordinal) && w.Contains("add the missing parts again", StringComparison.Ordinal));
            },
        },
        [Add + "Example 6: Create, send and complete in one pipeline"] = new(Upload)
        {
            Check = r =>
            {
                r.AssembledFrom(r.Single("Upload"), "big.jsonl");
                Assert.Equal((1, 1), (r.UploadsCreated, r.Requests("POST", "/complete")));
            },
        },

        [Complete + "Example 1: Pipe the parts in"] = new(new[] { "Format" })
        {
            Check = r =>
            {
                Assert.Contains("completed", r.Text, StringComparison.Ordinal);
                r.AssembledFrom(r.FileIdInText(), "train.jsonl");
                Assert.Equal(1, r.Requests("POST", "/complete"));
            },
        },
        [Complete + "Example 2: Complete with the parts this session added"] = new(new[] { "UploadPart", "String" })
        {
            Check = r =>
            {
                var fileId = (string)r.Result.Output.Last().BaseObject;
                r.AssembledFrom(fileId, "big.jsonl");
                Assert.Contains(r.Result.Verbose, v => v.Contains(Md5Of(r, "big.jsonl"), StringComparison.OrdinalIgnoreCase));
            },
        },
        [Complete + "Example 3: Complete by id with an explicit part list and md5"] = new(Upload)
        {
            Prelude = """
                $other = New-OAIUpload -Path ./big.jsonl -Purpose batch
                $p = Add-OAIUploadPart -Upload $other -Path ./big.jsonl -PartSize (400 * 1KB) | Sort-Object PartNumber
                @{ 'upload_6f1c2e0a9b3d4c5e8f7a1b2c' = $other.Id; 'part_a1' = $p[0].Id; 'part_b2' = $p[1].Id; 'part_c3' = $p[2].Id }
                """,
            Check = r =>
            {
                r.AssembledFrom(r.Single("Upload"), "big.jsonl");
                Assert.Contains(Md5Of(r, "big.jsonl"), r.Request("POST", "/complete").JsonBody, StringComparison.OrdinalIgnoreCase);
            },
        },
        [Complete + "Example 4: Preview the request"] = new(None)
        {
            Prelude = """
                $upload = New-OAIUpload -Path ./big.jsonl -Purpose batch
                $null = Add-OAIUploadPart -Upload $upload -Path ./big.jsonl -PartSize (400 * 1KB)
                """,
            Check = r =>
            {
                r.HostSays("What if: Performing the operation \"Complete upload with 3 part(s)");
                Assert.Equal(0, r.Requests("POST", "/complete"));
            },
        },

        [NewUpload + "Example 1: Create an upload from a file"] = new(Upload)
        {
            Check = r =>
            {
                var upload = r.Single("Upload");
                Assert.Equal(("requests.jsonl", "pending"), (ExampleRun.Get<string>(upload, "FileName"), ExampleRun.Get<string>(upload, "Status")));
                Assert.Equal(new FileInfo(r.LocalPath("requests.jsonl")).Length, ExampleRun.Get<long>(upload, "Bytes"));
                Assert.Contains("text/jsonl", r.Request("POST", "/uploads").JsonBody, StringComparison.Ordinal);
            },
        },
        [NewUpload + "Example 2: Create one upload for each file piped in"] = new(Upload)
        {
            Check = r =>
            {
                Assert.Equal(new[] { "one.jsonl", "two[1].jsonl" }, r.Of("Upload").Select(u => ExampleRun.Get<string>(u, "FileName")).Order());
                Assert.All(r.Of("Upload"), u => Assert.Equal(TimeSpan.FromHours(6),
                    ExampleRun.Get<DateTimeOffset>(u, "ExpiresAt") - ExampleRun.Get<DateTimeOffset>(u, "CreatedAt")));
            },
        },
        [NewUpload + "Example 3: Create an upload for data that is not a file"] = new(Upload)
        {
            Check = r =>
            {
                var expected = System.Text.Encoding.UTF8.GetBytes(string.Join("\n", Enumerable.Range(1, 1000).Select(n => "{\"n\":" + n + "}")));
                Assert.Equal(expected, r.Server.State.ReadFileContent(ExampleRun.Get<string>(r.Single("Upload"), "FileId")));
            },
        },
        [NewUpload + "Example 4: See what would be created, without a request"] = new(None)
        {
            Check = r =>
            {
                r.HostSays("application/pdf) for purpose 'assistants'\" on target \"big.pdf\"");
                Assert.Empty(r.Server.Requests.All);
            },
        },
        [NewUpload + "Example 5: Try it against the local emulator"] = new(Upload)
        {
            Check = r => Assert.Equal("pending", ExampleRun.Get<string>(r.Single("Upload"), "Status")),
        },

        [Send + "Example 1: Send one file"] = new(Upload) { Check = r => r.AssembledFrom(r.Single("Upload"), "requests.jsonl") },
        [Send + "Example 2: Send every file piped in"] = new(Upload) { Check = r => AssembledEach(r, "") },
        [Send + "Example 3: Stop with Ctrl+C and resume later"] = new(new[] { "Upload", "String" })
        {
            Faults = PartFailsForGood,
            Errors = new[] { "OpenAI.ServerError" },
            Check = r =>
            {
                r.AssembledFrom(r.Single("Upload"), "train.jsonl");
                Assert.Contains(r.Result.Output, o => o.BaseObject is string s && s.Contains("\"uploadId\"", StringComparison.Ordinal));
                Assert.Contains(r.Result.Verbose, v => v.StartsWith("Resuming upload", StringComparison.Ordinal));
                Assert.Contains(r.Result.Warnings, w => w.Contains("-Resume", StringComparison.Ordinal) && w.Contains("Stop-OAIUpload", StringComparison.Ordinal));
                Assert.False(File.Exists(r.LocalPath("train.resume.json")), "The resume record should be deleted once the upload completes.");
            },
        },
        [Send + "Example 4: More parts in flight on a slow link"] = new(Upload)
        {
            Check = r =>
            {
                r.AssembledFrom(r.Single("Upload"), "train.jsonl");
                Assert.Equal(3, r.Requests("POST", "/parts"));
                Assert.Contains(r.Result.Verbose, v => v.StartsWith("Completing upload", StringComparison.Ordinal) && v.Contains(Md5Of(r, "train.jsonl"), StringComparison.OrdinalIgnoreCase));
            },
        },
        [Send + "Example 5: Skip the md5"] = new(Upload)
        {
            Check = r =>
            {
                r.AssembledFrom(r.Single("Upload"), "fileserver/exports/events.jsonl");
                Assert.DoesNotContain("md5", r.Request("POST", "/complete").JsonBody ?? "", StringComparison.Ordinal);
            },
        },
        [Send + "Example 6: See what would be sent, and keep the record elsewhere"] = new(Upload)
        {
            Check = r =>
            {
                r.HostSays("What if: Performing the operation \"Upload ");
                r.AssembledFrom(r.Single("Upload"), "readonly/big.jsonl");
                Assert.Equal(1, r.Requests("POST", "/complete"));
                Assert.Empty(Directory.GetFiles(r.LocalPath("readonly"), "*.json"));
            },
        },

        [Stop + "Example 1: Cancel an upload and show it"] = new(Upload) { Check = r => Cancelled(r, 1) },
        [Stop + "Example 2: Cancel uploads by id, from the pipeline"] = new(None)
        {
            Prelude = """
                $a = New-OAIUpload -FileName a.jsonl -Bytes 10 -Purpose batch
                $b = New-OAIUpload -FileName b.jsonl -Bytes 10 -Purpose batch
                @{ 'upload_6f1c2e0a9b3d4c5e8f7a1b2c' = $a.Id; 'upload_7a2d3f1b0c4e5d6f9a8b2c3d' = $b.Id }
                """,
            Check = r => Cancelled(r, 2),
        },
        [Stop + "Example 3: Cancel the upload that some parts belong to"] = new(None)
        {
            Prelude = "$upload = New-OAIUpload -FileName big.bin -Bytes (2 * (Get-Item ./part-1.bin).Length) -Purpose batch",
            Check = r => Cancelled(r, 1),
        },
        [Stop + "Example 4: Preview which uploads would be cancelled"] = new(None)
        {
            Prelude = """
                $a = New-OAIUpload -FileName a.jsonl -Bytes 10 -Purpose batch
                $b = New-OAIUpload -FileName b.jsonl -Bytes 10 -Purpose batch
                Set-Content ./pending-uploads.txt $a.Id, $b.Id
                """,
            Check = r =>
            {
                foreach (var id in File.ReadAllLines(r.LocalPath("pending-uploads.txt")))
                {
                    r.HostSays($"What if: Performing the operation \"Cancel upload\" on target \"{id}\".");
                }
                Assert.Equal(0, r.Requests("POST", "/cancel"));
            },
        },
    }.Concat(OtherRows()).Concat(FileRows()).Concat(AzureRows()).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);

    public static IEnumerable<string> Keys => Rows.Keys;

    public static ExampleFixture? For(string key) => Rows.TryGetValue(key, out var fixture) ? fixture : null;

    /// <summary>"A part fails for good": one 500 that the server says not to retry.</summary>
    private static void PartFailsForGood(EmulatorServer server) =>
        server.Faults.Enqueue(Fault.Http(500, "/parts", new Dictionary<string, string> { ["x-should-retry"] = "false" }));

    private static string Md5Of(ExampleRun r, string relativePath) => OpenAI.PowerShell.TestSupport.TestFiles.Md5Hex(r.LocalPath(relativePath));

    /// <summary>Each wildcard file (one.jsonl, two[1].jsonl) in a folder became its own completed upload.</summary>
    private static void AssembledEach(ExampleRun r, string folder)
    {
        var uploads = r.Of("Upload").ToList();
        Assert.Equal(new[] { "one.jsonl", "two[1].jsonl" }, uploads.Select(u => ExampleRun.Get<string>(u, "FileName")).Order());
        foreach (var upload in uploads)
        {
            r.AssembledFrom(upload, folder + ExampleRun.Get<string>(upload, "FileName"));
        }
    }

    /// <summary>Cancelled on the server; the Uploads are in the output only where -PassThru asked for them.</summary>
    private static void Cancelled(ExampleRun r, int count)
    {
        Assert.All(r.Of("Upload"), u => Assert.Equal("cancelled", ExampleRun.Get<string>(u, "Status")));
        Assert.Equal(count, r.Requests("POST", "/cancel"));
        Assert.Equal(count, r.Server.State.Uploads.Count(u => u.Status == "cancelled"));
    }
}

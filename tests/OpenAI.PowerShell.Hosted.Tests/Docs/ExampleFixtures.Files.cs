using OpenAI.Emulator;

namespace OpenAI.PowerShell.Hosted.Tests.Docs;

/// <summary>The rows for the Files cmdlets (Get-OAIFile, Remove-OAIFile, Save-OAIFile) and their README and about_ examples.</summary>
public static partial class ExampleFixtures
{
    private const string GetFile = "docs/en-US/Get-OAIFile.md > ";
    private const string RemoveFile = "docs/en-US/Remove-OAIFile.md > ";
    private const string SaveFile = "docs/en-US/Save-OAIFile.md > ";
    private static string[] FileObjects => new[] { "OpenAIFile" };
    private static string[] Saved => new[] { "FileInfo" };

    /// <summary>Two batch Files made by Send-OAIFile, as the examples' sample output shows them.</summary>
    private const string TwoBatchFiles = """
        $one = Send-OAIFile ./requests-1.jsonl -Purpose batch
        $two = Send-OAIFile ./requests-2.jsonl -Purpose batch
        @{ 'file-51b25eedfa6df1d15d73ae9c' = $one.FileId; 'file-7ce679839207c8c38172f72f' = $two.FileId }
        """;

    /// <summary>One File made from ./requests.jsonl, standing in for the examples' placeholder id.</summary>
    private const string OneFile = """
        $made = Send-OAIFile ./requests.jsonl -Purpose batch
        @{ 'file-4a1fb40e5754ea34cbead883' = $made.FileId }
        """;

    private static IEnumerable<KeyValuePair<string, ExampleFixture>> FileRows() => new Dictionary<string, ExampleFixture>
    {
        [GetFile + "Example 1: List the batch Files"] = new(FileObjects)
        {
            Prelude = TwoBatchFiles,
            Faults = s => s.State.AddFile(new byte[] { 1, 2, 3 }, "assistants", "notes.txt"),
            Check = r =>
            {
                // Only the batch Files, newest first.
                var newestFirst = r.Server.State.ListFiles("batch").Select(f => f.Id).Reverse();
                Assert.Equal(newestFirst, r.Of("OpenAIFile").Select(f => ExampleRun.Get<string>(f, "Id")));
                // The server filters: one list request, asking for batch Files only.
                Assert.Contains("purpose=batch", r.Request("GET", "/files").Query, StringComparison.Ordinal);
            },
        },
        [GetFile + "Example 2: Show the five newest Files"] = new(FileObjects)
        {
            Faults = s => AddFiles(s, 250, "batch", n => $"requests-{n}.jsonl"),
            Check = r =>
            {
                var newest = r.Server.State.ListFiles().Select(f => f.Id).Reverse().Take(5);
                Assert.Equal(newest, r.Of("OpenAIFile").Select(f => ExampleRun.Get<string>(f, "Id")));
                // 250 Files are three pages; Select-Object -First 5 needs only the first.
                Assert.Equal(1, r.Requests("GET", "/files"));
            },
        },
        [GetFile + "Example 3: Find Files by name"] = new(new[] { "Format" })
        {
            Faults = s =>
            {
                s.State.AddFile(new byte[] { 1 }, "batch_output", "results-1.jsonl");
                s.State.AddFile(new byte[] { 2 }, "batch_output", "RESULTS-2.JSONL");
                s.State.AddFile(new byte[] { 3 }, "batch", "requests.jsonl");
            },
            Check = r =>
            {
                Assert.Contains("results-1.jsonl", r.Text, StringComparison.Ordinal);
                Assert.Contains("RESULTS-2.JSONL", r.Text, StringComparison.Ordinal);
                Assert.DoesNotContain("requests.jsonl", r.Text, StringComparison.Ordinal);
            },
        },
        [GetFile + "Example 4: Read the File a completed upload made"] = new(FileObjects)
        {
            Check = r =>
            {
                var file = r.Single("OpenAIFile");
                var stored = Assert.Single(r.Server.State.ListFiles());
                Assert.Equal((stored.Id, "requests.jsonl"), (ExampleRun.Get<string>(file, "Id"), ExampleRun.Get<string>(file, "FileName")));
                Assert.Equal(1, r.Requests("GET", "/files/" + stored.Id));
            },
        },
        [GetFile + "Example 5: Read Files by id"] = new(new[] { "Format" })
        {
            Prelude = TwoBatchFiles,
            Check = r =>
            {
                foreach (var file in r.Server.State.ListFiles())
                {
                    Assert.Contains("Id        : " + file.Id, r.Text, StringComparison.Ordinal);
                    Assert.Contains("FileName  : " + file.FileName, r.Text, StringComparison.Ordinal);
                }
            },
        },
        [GetFile + "Example 6: A name that matches nothing"] = new(new[] { "String" })
        {
            Faults = s => s.State.AddFile(new byte[] { 1 }, "batch", "report-2.jsonl"),
            Check = r => Assert.Equal("OpenAI.NotFound,OpenAI.PowerShell.Commands.GetOAIFileCommand", r.Single("String").BaseObject),
        },

        [RemoveFile + "Example 1: Delete a File by id"] = new(None)
        {
            Prelude = OneFile,
            Check = r =>
            {
                Assert.Empty(r.Server.State.ListFiles());
                Assert.Equal(1, r.Requests("DELETE", "/files/"));
            },
        },
        [RemoveFile + "Example 2: Delete the Files whose names match a wildcard"] = new(None)
        {
            Faults = s =>
            {
                s.State.AddFile(new byte[] { 1 }, "batch", "scratch-1.jsonl");
                s.State.AddFile(new byte[] { 2 }, "user_data", "scratch-notes.txt");
                s.State.AddFile(new byte[] { 3 }, "batch", "keep.jsonl");
            },
            Check = r =>
            {
                Assert.Equal(new[] { "keep.jsonl" }, r.Server.State.ListFiles().Select(f => f.FileName));
                Assert.Equal(2, r.Requests("DELETE", "/files/"));
            },
        },
        [RemoveFile + "Example 3: See what would be deleted"] = new(None)
        {
            Faults = s => AddFiles(s, 2, "batch", n => $"requests-{n}.jsonl"),
            Check = r =>
            {
                foreach (var file in r.Server.State.ListFiles())
                {
                    r.HostSays($"What if: Performing the operation \"Delete File\" on target \"{file.Id}\".");
                }
                Assert.Equal(2, r.Server.State.ListFiles().Count);
                Assert.Equal(0, r.Requests("DELETE", "/files/"));
            },
        },
        [RemoveFile + "Example 4: Go on when one File cannot be deleted"] = new(new[] { "String" })
        {
            Prelude = """
                $ids = @(foreach ($path in './requests-a.jsonl', './requests-b.jsonl', './requests-c.jsonl') { (Send-OAIFile $path -Purpose batch).FileId })
                Remove-OAIFile $ids[1]
                """,
            Check = r =>
            {
                // The gone File is the one error; the two others were deleted all the same.
                var gone = (string)r.RunMore("$ids[1]").Output.Single().BaseObject;
                Assert.Equal(gone, r.Single("String").BaseObject);
                Assert.Empty(r.Server.State.ListFiles());
                Assert.Equal(3, r.Requests("DELETE", "/files/"));
            },
        },

        [SaveFile + "Example 1: Save a File into a folder"] = new(Saved)
        {
            Prelude = OneFile,
            Check = r =>
            {
                Assert.Equal(r.LocalPath("downloads/requests.jsonl"), ExampleRun.Get<string>(r.Single("FileInfo"), "FullName"));
                SavedExactly(r, "downloads", ("requests.jsonl", "requests.jsonl"));
            },
        },
        [SaveFile + "Example 2: Save one File under a name of your choice"] = new(Saved)
        {
            Prelude = "$null = Send-OAIFile ./results.jsonl -Purpose batch",
            Check = r =>
            {
                Assert.Equal(r.LocalPath("results-december.jsonl"), ExampleRun.Get<string>(r.Single("FileInfo"), "FullName"));
                Assert.Equal(File.ReadAllBytes(r.LocalPath("results.jsonl")), File.ReadAllBytes(r.LocalPath("results-december.jsonl")));
            },
        },
        [SaveFile + "Example 3: Save every batch File, replacing earlier copies"] = new(Saved)
        {
            Prelude = TwoBatchFiles + "\n$null = New-Item -ItemType Directory ./backup -Force\nSet-Content ./backup/requests-1.jsonl 'an earlier copy'",
            Check = r =>
            {
                Assert.Equal(2, r.Of("FileInfo").Count());
                SavedExactly(r, "backup", ("requests-1.jsonl", "requests-1.jsonl"), ("requests-2.jsonl", "requests-2.jsonl"));
            },
        },
        [SaveFile + "Example 4: See where the Files would be saved"] = new(None)
        {
            Prelude = TwoBatchFiles,
            Check = r =>
            {
                foreach (var file in r.Server.State.ListFiles())
                {
                    r.HostSays($"What if: Performing the operation \"Save File '{file.Id}' (1 MiB)\" on target \"{r.LocalPath("backup/" + file.FileName)}\".");
                }
                Assert.Equal(0, r.Requests("GET", "/content"));
                Assert.False(Directory.Exists(r.LocalPath("backup")));
            },
        },
        [SaveFile + "Example 5: Save over a connection that breaks"] = new(Saved)
        {
            Prelude = OneFile,
            Faults = s => s.Faults.Enqueue(Fault.AbortResponse("/content", 100_000, "GET")),
            Check = r =>
            {
                SavedExactly(r, "downloads", ("requests.jsonl", "requests.jsonl"));
                Assert.Equal(2, r.Requests("GET", "/content"));
            },
        },
        [SaveFile + "Example 6: A download that keeps failing leaves nothing"] = new(new[] { "String", "Int32" })
        {
            Prelude = OneFile,
            // -MaxRetries 1: the first try and one more, both cut off.
            Faults = s =>
            {
                s.Faults.Enqueue(Fault.AbortResponse("/content", 100_000, "GET"));
                s.Faults.Enqueue(Fault.AbortResponse("/content", 100_000, "GET"));
            },
            Check = r =>
            {
                Assert.Equal("OpenAI.DownloadFailed,OpenAI.PowerShell.Commands.SaveOAIFileCommand", r.Single("String").BaseObject);
                Assert.Equal(0, r.Single("Int32").BaseObject);
                Assert.Empty(Directory.GetFileSystemEntries(r.LocalPath("downloads")));
                Assert.Equal(2, r.Requests("GET", "/content"));
            },
        },

        [Readme + "Files"] = new(Saved)
        {
            Faults = s =>
            {
                s.State.AddFile(System.Text.Encoding.UTF8.GetBytes("{\"id\":1}\n"), "batch_output", "batch_1_output.jsonl");
                s.State.AddFile(System.Text.Encoding.UTF8.GetBytes("{\"id\":2}\n"), "batch_output", "batch_2_output.jsonl");
                s.State.AddFile(new byte[] { 1, 2, 3 }, "batch", "requests.jsonl");
            },
            Check = r =>
            {
                Assert.Equal(new[] { "batch_1_output.jsonl", "batch_2_output.jsonl" },
                    Directory.GetFiles(r.LocalPath("results")).Select(Path.GetFileName).Order());
                Assert.Equal("{\"id\":2}\n", File.ReadAllText(r.LocalPath("results/batch_2_output.jsonl")));
                // The outputs were deleted once saved; the batch input is kept.
                Assert.Equal(new[] { "requests.jsonl" }, r.Server.State.ListFiles().Select(f => f.FileName));
            },
        },
        [About + "FILES"] = new(Saved)
        {
            Faults = s =>
            {
                s.State.AddFile(new byte[] { 1, 2 }, "batch_output", "results-1.jsonl");
                s.State.AddFile(new byte[] { 3 }, "batch_output", "summary.txt");
            },
            Check = r => Assert.Equal(new[] { "results-1.jsonl" }, Directory.GetFiles(r.LocalPath("results")).Select(Path.GetFileName)),
        },
    };

    private static void AddFiles(EmulatorServer server, int count, string purpose, Func<int, string> name)
    {
        for (var n = 1; n <= count; n++)
        {
            server.State.AddFile(new byte[] { (byte)n }, purpose, name(n));
        }
    }

    /// <summary>
    /// The folder holds exactly these files (no temp file left over), each with the bytes of the File
    /// of that name on the server, which was made from the local file named beside it.
    /// </summary>
    private static void SavedExactly(ExampleRun r, string folder, params (string Saved, string Source)[] files)
    {
        Assert.Equal(files.Select(f => f.Saved).Order(), Directory.GetFileSystemEntries(r.LocalPath(folder)).Select(Path.GetFileName).Order());
        foreach (var (saved, source) in files)
        {
            var stored = r.Server.State.ListFiles().Single(f => f.FileName == source);
            Assert.Equal(r.Server.State.ReadFileContent(stored.Id), File.ReadAllBytes(r.LocalPath(Path.Combine(folder, saved))));
            Assert.Equal(File.ReadAllBytes(r.LocalPath(source)), File.ReadAllBytes(r.LocalPath(Path.Combine(folder, saved))));
        }
    }
}

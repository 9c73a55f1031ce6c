using OpenAI.Emulator;

namespace OpenAI.PowerShell.Hosted.Tests.Docs;

/// <summary>
/// The rows for the batch cmdlets (Start-, Get-, Wait-, Receive-, Stop-OAIBatch) and their README and
/// about_ examples. The emulator runs batches in the background; rows that wait make it run them
/// without delays, and rows that need a batch still running pause it.
/// </summary>
public static partial class ExampleFixtures
{
    private const string StartBatch = "docs/en-US/Start-OAIBatch.md > ";
    private const string GetBatch = "docs/en-US/Get-OAIBatch.md > ";
    private const string WaitBatch = "docs/en-US/Wait-OAIBatch.md > ";
    private const string ReceiveBatch = "docs/en-US/Receive-OAIBatch.md > ";
    private const string StopBatch = "docs/en-US/Stop-OAIBatch.md > ";
    private static string[] Batches => new[] { "Batch" };
    private static string[] Results => new[] { "BatchResult" };

    /// <summary>
    /// Five chat requests the emulator answers ("Echo: hello N"), written over the generated
    /// ./requests.jsonl (whose bodies have no model or messages, so every request would fail), and a
    /// function that calls the emulator's control routes (pause, settings) before the example runs.
    /// </summary>
    private const string ChatRequests = """
        Set-Content ./requests.jsonl -Value (1..5 | ForEach-Object {
            '{"custom_id":"r' + $_ + '","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hello ' + $_ + '"}]}}'
        })

        """ + FastBatches;

    /// <summary>A function that calls the emulator's control routes, and batches run without delays.</summary>
    private const string FastBatches = """
        function global:Invoke-EmulatorControl([string] $Route, [string] $Body = '{}') {
            $base = (Get-OAIContext).BaseUri.ToString().TrimEnd('/')
            $null = Invoke-RestMethod "$base/emulator/$Route" -Method Post -ContentType application/json -Body $Body -Headers @{ Authorization = "Bearer $global:__exampleKey" }
        }
        Invoke-EmulatorControl batches/settings '{"line_delay_ms":0,"step_delay_ms":0}'
        """;

    /// <summary>Requests as above, and a batch of them held at validation, so it is still running.</summary>
    private const string HeldBatch = ChatRequests + """

        Invoke-EmulatorControl batches/pause
        $batch = Start-OAIBatch -Path ./requests.jsonl
        """;

    /// <summary>Requests as above, and a batch of them that has completed.</summary>
    private const string CompletedBatch = ChatRequests + """

        $batch = Start-OAIBatch -Path ./requests.jsonl | Wait-OAIBatch
        """;

    /// <summary>
    /// The photos of a folder, edited in one batch: each sent once as a File, and each saved under its
    /// own name by Receive-OAIBatch -OutDirectory, with the photo it came from.
    /// </summary>
    private static void EditedInBatch(ExampleRun r)
    {
        var images = r.Of("EditedImage").ToList();
        // A custom_id keeps letters, digits, '-', '_' and '.': two[1] is two_1_, and its Source keeps the real name.
        Assert.Equal(new[] { "one", "two_1_" }, images.Select(i => ExampleRun.Get<string>(i, "CustomId")).Order(StringComparer.Ordinal));
        Assert.Equal(new[] { "one.png", "two[1].png" }, images.Select(i => ExampleRun.Get<string>(i, "Source")).Order(StringComparer.Ordinal));
        SavedPng(r, "edited/one-0.png", "edited/two_1_-0.png");
        Assert.Single(r.Server.Batches.List(), b => b.Endpoint == "/v1/images/edits");
        Assert.Equal(2, r.Server.State.ListFiles("vision").Count);
    }

    private static readonly string[] FiveIds = { "r1", "r2", "r3", "r4", "r5" };

    // Only this file adds rows after the others: a static constructor runs after every field initializer.
    static ExampleFixtures()
    {
        foreach (var (key, fixture) in BatchRows())
        {
            Rows.Add(key, fixture);
        }
    }

    private static IEnumerable<KeyValuePair<string, ExampleFixture>> BatchRows() => new Dictionary<string, ExampleFixture>
    {
        [Readme + "Batches"] = new(Results)
        {
            Prelude = ChatRequests,
            Check = r => ResultsKept(r, "results"),
        },
        [About + "BATCHES"] = new(Results)
        {
            Prelude = ChatRequests,
            Check = r => ResultsKept(r, "results"),
        },
        [Readme + "Bulk edits at half price"] = new(Edited) { Prelude = FastBatches, Check = r => EditedInBatch(r) },
        [About + "BULK EDITS AT HALF PRICE"] = new(Edited) { Prelude = FastBatches, Check = r => EditedInBatch(r) },
        [Edit + "Example 9: Edit a folder of product photos at half price"] = new(Edited) { Prelude = FastBatches, Check = r => EditedInBatch(r) },
        [Edit + "Example 10: One line per row of a CSV file"] = new(None)
        {
            Prelude = """
                [IO.File]::WriteAllBytes("$PWD/shoe.png", [OpenAI.PowerShell.TestSupport.TestImages]::Png(64, 64))
                [IO.File]::WriteAllBytes("$PWD/bag.png", [OpenAI.PowerShell.TestSupport.TestImages]::Png(64, 64))
                """,
            Check = r =>
            {
                r.HostSays("What if: Performing the operation \"Upload 2 image file(s) as Files (purpose vision), then start 1 batch of 3 edit line(s) for /v1/images/edits\" on target \"3 image edit(s)\".");
                Assert.Empty(r.Server.Requests.All);
            },
        },

        [StartBatch + "Example 1: Start a batch of a File sent in this session"] = new(Batches)
        {
            Prelude = ChatRequests,
            Check = r =>
            {
                // No -Endpoint: Send-OAIFile's check read the lines, and the batch goes to theirs.
                var batch = StartedFrom(r, "requests.jsonl");
                Assert.Equal("/v1/chat/completions", batch.Endpoint);
                Assert.Equal(1, r.UploadsCreated);
            },
        },
        [StartBatch + "Example 2: Start a batch from a JSONL file, with metadata"] = new(Batches)
        {
            Prelude = ChatRequests,
            Check = r =>
            {
                var batch = StartedFrom(r, "requests.jsonl");
                Assert.Equal("job=nightly-eval, owner=ops", string.Join(", ", batch.Metadata!.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")));
                Assert.Equal(7 * 24 * 3600, batch.OutputExpiresAfterSeconds);
                Assert.Equal("validating", ExampleRun.Get<string>(r.Single("Batch"), "Status"));
            },
        },
        [StartBatch + "Example 3: Start a batch of a File by its id"] = new(Batches)
        {
            Prelude = ChatRequests + """

                $made = Send-OAIFile ./requests.jsonl -Purpose batch -SkipValidation
                @{ 'file-4a1fb40e5754ea34cbead883' = $made.FileId }
                """,
            Check = r =>
            {
                var batch = Assert.Single(r.Server.Batches.List());
                Assert.Equal(ExampleRun.Get<string>(r.Single("Batch"), "InputFileId"), batch.InputFileId);
                Assert.Contains(batch.InputFileId, r.Script, StringComparison.Ordinal);
                Assert.Equal("/v1/chat/completions", batch.Endpoint);
                Assert.Equal(0, r.UploadsCreated);
            },
        },
        [StartBatch + "Example 4: Build the requests in PowerShell"] = new(Batches)
        {
            Prelude = "Set-Content ./questions.csv -Value 'Id,Question', 'q1,What is 2+2?', 'q2,Name a prime number.'",
            Check = r =>
            {
                var batch = Assert.Single(r.Server.Batches.List());
                var lines = System.Text.Encoding.UTF8.GetString(r.Server.State.ReadFileContent(batch.InputFileId)).TrimEnd('\n').Split('\n');
                Assert.Equal(2, lines.Length);
                using var first = System.Text.Json.JsonDocument.Parse(lines[0]);
                var line = first.RootElement;
                Assert.Equal(("q1", "POST", "/v1/chat/completions"), (line.GetProperty("custom_id").GetString(), line.GetProperty("method").GetString(), line.GetProperty("url").GetString()));
                Assert.Equal("gpt-4o-mini", line.GetProperty("body").GetProperty("model").GetString());
                Assert.Equal("What is 2+2?", line.GetProperty("body").GetProperty("messages")[0].GetProperty("content").GetString());
                Assert.Contains("\"custom_id\":\"q2\"", lines[1], StringComparison.Ordinal);
                Assert.Equal("/v1/chat/completions", batch.Endpoint);
            },
        },
        [StartBatch + "Example 5: See how a large file would be split, without sending it"] = new(None)
        {
            Prelude = """
                $writer = [System.IO.StreamWriter]::new((Join-Path $PWD 'all-requests.jsonl'))
                foreach ($n in 1..60000) { $writer.WriteLine('{"custom_id":"r' + $n + '","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}}') }
                $writer.Dispose()
                """,
            Check = r =>
            {
                r.HostSays("What if: Performing the operation \"Send 60000 requests as 2 batches (the API takes at most 50000 requests and 200 MiB per batch) for /v1/chat/completions\"");
                Assert.Empty(r.Server.Requests.All);
            },
        },

        [GetBatch + "Example 1: List the batches that are still running"] = new(Batches)
        {
            Prelude = CompletedBatch + """

                Invoke-EmulatorControl batches/pause
                $running = Start-OAIBatch -Path ./requests.jsonl
                """,
            Check = r =>
            {
                var running = r.RunMore("$running.Id").Output.Single().ToString();
                Assert.Equal(running, ExampleRun.Get<string>(r.Single("Batch"), "Id"));
                Assert.Equal(2, r.Server.Batches.List().Count);
            },
        },
        [GetBatch + "Example 2: Show one batch in full"] = new(new[] { "Format" })
        {
            Prelude = CompletedBatch + "\n@{ 'batch_69b5c0e8e0f14a3c9d2e7f1a' = $batch.Id }",
            Check = r =>
            {
                Assert.Matches(@"(?m)^Status +: completed", r.Text);
                Assert.Matches(@"(?m)^Total +: 5", r.Text);
                Assert.Matches(@"(?m)^OutputFileId +: file-", r.Text);
            },
        },
        [GetBatch + "Example 3: Find the batches of a job by their metadata"] = new(Batches)
        {
            Prelude = ChatRequests + """

                $nightly = Start-OAIBatch -Path ./requests.jsonl -Metadata @{ job = 'nightly-eval' }
                $null = Start-OAIBatch -Path ./requests.jsonl -Metadata @{ job = 'weekly-report' }
                """,
            Check = r => Assert.Equal(r.RunMore("$nightly.Id").Output.Single().ToString(), ExampleRun.Get<string>(r.Single("Batch"), "Id")),
        },

        [WaitBatch + "Example 1: Start a batch and wait for it"] = new(Batches)
        {
            Prelude = ChatRequests,
            Check = r =>
            {
                // Only the batch once it ended: Start-OAIBatch's Batch went into $batch.
                var batch = r.Single("Batch");
                Assert.Equal(("completed", 5), (ExampleRun.Get<string>(batch, "Status"), ExampleRun.Get<int>(batch, "Completed")));
                Assert.Equal(Assert.Single(r.Server.Batches.List()).Id, ExampleRun.Get<string>(batch, "Id"));
            },
        },
        [WaitBatch + "Example 2: Wait at most a while, and go on with what has ended"] = new(new[] { "String" })
        {
            Prelude = HeldBatch,
            Check = r =>
            {
                var id = r.RunMore("$batch.Id").Output.Single().ToString();
                Assert.Equal($"Still running: {id} (validating)", Assert.Single(r.Result.Output).BaseObject);
                Assert.Empty(r.RunMore("$ended").Output);
                Assert.Equal("OpenAI.WaitTimeout", r.RunMore("$late[0].FullyQualifiedErrorId.Split(',')[0]").Output.Single().ToString());
                // The wait ended; the batch did not.
                Assert.Equal("validating", r.Server.Batches.Get(id)!.Status);
                Assert.Equal(0, r.Requests("POST", "/cancel"));
            },
        },
        [WaitBatch + "Example 3: Receive the results of each running batch as it ends"] = new(Results)
        {
            Prelude = HeldBatch + "\n$other = Start-OAIBatch -Path ./requests.jsonl",
            // Both run once the example has listed them, slowly enough to be listed as running.
            Faults = s =>
            {
                s.Batches.LineDelay = TimeSpan.FromMilliseconds(500);
                s.Batches.Resume();
            },
            Check = r =>
            {
                Assert.Equal(10, r.Of("BatchResult").Count());
                Assert.All(r.Of("BatchResult"), x => Assert.True(ExampleRun.Get<bool>(x, "Succeeded")));
                Assert.Equal(2, Directory.GetFiles(r.LocalPath("results"), "*_output.jsonl").Length);
            },
        },
        [WaitBatch + "Example 4: Poll at a fixed pace"] = new(Batches)
        {
            Prelude = ChatRequests + "\n$batch = Start-OAIBatch -Path ./requests.jsonl",
            Check = r =>
            {
                Assert.Equal("completed", ExampleRun.Get<string>(r.Single("Batch"), "Status"));
                Assert.InRange(r.Requests("GET", "/batches/"), 1, 3);
            },
        },

        [ReceiveBatch + "Example 1: Read the answers of a finished batch"] = new(new[] { "String" })
        {
            Prelude = CompletedBatch,
            Check = r => Assert.Equal(FiveIds.Select(id => $"{id}: Echo: hello {id[1..]}"), r.Result.Output.Select(o => o.BaseObject.ToString()).Order()),
        },
        [ReceiveBatch + "Example 2: Wait, keep the raw files, and delete the batch's Files from the account"] = new(new[] { "Int32" })
        {
            Prelude = ChatRequests + "\n$batch = Start-OAIBatch -Path ./requests.jsonl",
            Check = r =>
            {
                Assert.Equal(5, (int)r.Single("Int32").BaseObject);
                var batch = Assert.Single(r.Server.Batches.List());
                Assert.Equal(5, File.ReadAllLines(r.LocalPath($"results/{batch.Id}_output.jsonl")).Length);
                Assert.False(r.Server.State.FileExists(batch.InputFileId));
                Assert.False(r.Server.State.FileExists(batch.OutputFileId!));
            },
        },
        [ReceiveBatch + "Example 3: List the requests that failed"] = new(Results)
        {
            Prelude = ChatRequests + """

                Invoke-EmulatorControl batches/settings '{"fail_every":2}'
                $batch = Start-OAIBatch -Path ./requests.jsonl | Wait-OAIBatch
                Invoke-EmulatorControl batches/settings '{"fail_every":0}'
                """,
            Check = r =>
            {
                Assert.Equal(new[] { "r2", "r4" }, r.Of("BatchResult").Select(x => ExampleRun.Get<string>(x, "CustomId")));
                Assert.All(r.Of("BatchResult"), x => Assert.Equal((500, "server_error"), (ExampleRun.Get<int>(x, "StatusCode"), ExampleRun.Get<string>(x, "Code"))));
                Assert.Matches(@"(?m)^r2 +500 server_error", r.Text);
            },
        },
        [ReceiveBatch + "Example 4: Try to receive a batch that is still running"] = new(None)
        {
            Prelude = HeldBatch,
            Errors = new[] { "OpenAI.BatchNotFinished" },
            Check = r =>
            {
                Assert.Contains("Wait-OAIBatch", Assert.Single(r.Result.AllErrors).Exception.Message, StringComparison.Ordinal);
                Assert.Equal(0, r.Requests("GET", "/files"));
            },
        },

        [StopBatch + "Example 1: Cancel a batch and show it"] = new(Batches)
        {
            Prelude = HeldBatch,
            Check = r =>
            {
                Assert.Contains(ExampleRun.Get<string>(r.Single("Batch"), "Status"), new[] { "cancelling", "cancelled" });
                Assert.Equal(1, r.Requests("POST", "/cancel"));
            },
        },
        [StopBatch + "Example 2: Preview which running batches would be cancelled"] = new(None)
        {
            Prelude = HeldBatch,
            Check = r =>
            {
                r.HostSays($"What if: Performing the operation \"Cancel batch\" on target \"{r.RunMore("$batch.Id").Output.Single()}\".");
                Assert.Equal(0, r.Requests("POST", "/cancel"));
            },
        },
        [StopBatch + "Example 3: Cancel a batch and keep what it did"] = new(Results)
        {
            Prelude = HeldBatch,
            // Validation and two requests run; the batch is held before the third when it is cancelled.
            Faults = s =>
            {
                var id = Assert.Single(s.Batches.List()).Id;
                s.Batches.Step(3);
                s.Batches.WaitUntilAsync(id, b => b.CompletedCount == 2, TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
            },
            Check = r =>
            {
                Assert.Equal(new[] { "r1", "r2" }, r.Of("BatchResult").Select(x => ExampleRun.Get<string>(x, "CustomId")));
                Assert.Contains(r.Result.Warnings, w => w.Contains("was cancelled with 2 of 5 requests done", StringComparison.Ordinal));
                Assert.Single(Directory.GetFiles(r.LocalPath("partial"), "*_output.jsonl"));
            },
        },
    };

    /// <summary>The batch that was started, whose input File holds the local file's bytes.</summary>
    private static BatchRecord StartedFrom(ExampleRun r, string relativePath)
    {
        var batch = Assert.Single(r.Server.Batches.List());
        Assert.Equal(batch.Id, ExampleRun.Get<string>(r.Single("Batch"), "Id"));
        r.AssembledFrom(batch.InputFileId, relativePath);
        return batch;
    }

    /// <summary>One result per request, all answered, and the raw output file kept in the folder.</summary>
    private static void ResultsKept(ExampleRun r, string folder)
    {
        Assert.Equal(FiveIds, r.Of("BatchResult").Select(x => ExampleRun.Get<string>(x, "CustomId")).Order());
        Assert.All(r.Of("BatchResult"), x => Assert.True(ExampleRun.Get<bool>(x, "Succeeded")));
        Assert.All(r.Of("BatchResult"), x => Assert.NotNull(x.Properties["Body"].Value));
        var batch = Assert.Single(r.Server.Batches.List());
        Assert.Equal(5, File.ReadAllLines(r.LocalPath($"{folder}/{batch.Id}_output.jsonl")).Length);
    }
}

using OpenAI.Emulator;

namespace OpenAI.PowerShell.Hosted.Tests.Docs;

/// <summary>The rows for the README, the about_ topic, the context cmdlets and image edits.</summary>
public static partial class ExampleFixtures
{
    private const string Readme = "README.md > ";
    private const string About = "docs/en-US/about_OpenAI.PowerShell.md > ";
    private const string Edit = "docs/en-US/New-OAIImageEdit.md > ";
    private const string SetContext = "docs/en-US/Set-OAIContext.md > ";
    private const string GetContext = "docs/en-US/Get-OAIContext.md > ";
    private static string[] Edited => new[] { "EditedImage" };

    private static IEnumerable<KeyValuePair<string, ExampleFixture>> OtherRows() => new Dictionary<string, ExampleFixture>
    {
        [Readme + "Quick start against the real API (1)"] = new(Upload) { Check = r => r.AssembledFrom(r.Single("Upload"), "train.jsonl") },
        [Readme + "Quick start against the real API (2)"] = new(Upload) { Check = r => r.AssembledFrom(r.Single("Upload"), "train.jsonl") },
        [Readme + "Try it offline against the emulator"] = new(new[] { "Format" }) { Check = r => FormattedAndAssembled(r, "big.jsonl", 3) },
        [Readme + "Large files"] = new(Upload) { Check = r => AssembledEach(r, "batches/") },
        [Readme + "Image edits"] = new(Edited)
        {
            Check = r =>
            {
                SavedPng(r, "out/one-0.png", "out/two[1]-0.png", "edits/photo-0.png");
                Assert.Contains(r.Server.Requests.All, q => q.Path.Contains("/images/edits", StringComparison.Ordinal) && q.JsonBody?.Contains("file_id", StringComparison.Ordinal) == true);
            },
        },

        [About + "LONG DESCRIPTION (1)"] = new(Upload) { Check = r => r.AssembledFrom(r.Single("Upload"), "big.jsonl") },
        [About + "LONG DESCRIPTION (2)"] = new(Upload) { Check = r => r.AssembledFrom(r.Single("Upload"), "big.jsonl") },
        [About + "LONG DESCRIPTION (3)"] = new(new[] { "UploadPart", "Upload" }) { Check = r => r.AssembledFrom(r.Single("Upload"), "big.jsonl") },
        [About + "LARGE FILES (1)"] = new(Upload) { Check = r => AssembledEach(r, "") },
        [About + "LARGE FILES (2)"] = ResumedAfterAFailedPart(),
        [About + "IMAGE EDITS"] = new(Edited)
        {
            Check = r =>
            {
                SavedPng(r, "beret.png");
                Assert.Equal("gpt-image-2", r.Request("POST", "/images/edits").FormParts.Single(p => p.Name == "model").Value);
            },
        },
        [About + "ERRORS"] = new(new[] { "String" })
        {
            // The catch block's "..." runs only when the ErrorId really is OpenAI.RateLimited.
            Faults = s =>
            {
                s.Faults.Enqueue(Fault.RateLimited("/uploads", TimeSpan.FromMilliseconds(10)));
                s.Faults.Enqueue(Fault.RateLimited("/uploads", TimeSpan.FromMilliseconds(10)));
            },
            Check = r => Assert.Equal("placeholder ran", Assert.Single(r.Result.Output).BaseObject),
        },
        [About + "TRYING IT OFFLINE: THE EMULATOR"] = new(new[] { "Format" }) { Check = r => FormattedAndAssembled(r, "big.jsonl", 3) },
        [About + "EXAMPLES (1)"] = ResumedAfterAFailedPart(),
        [About + "EXAMPLES (2)"] = new(Parts)
        {
            Check = r => Assert.Equal(new FileInfo(r.LocalPath("big.jsonl")).Length, r.Of("UploadPart").Sum(p => ExampleRun.Get<long>(p, "Length"))),
        },
        [About + "EXAMPLES (3)"] = new(Upload)
        {
            Prelude = """
                $other = New-OAIUpload -Path ./big.jsonl -Purpose batch
                $parts = Add-OAIUploadPart -Upload $other -Path ./big.jsonl -PartSize (400 * 1KB) | Sort-Object PartNumber
                $id = $other.Id
                $partIds = $parts.Id
                """,
            Check = r => r.AssembledFrom(r.Single("Upload"), "big.jsonl"),
        },

        [SetContext + "Example 1: Store the key for the session"] = new(Upload)
        {
            Check = r => Assert.Equal("proj_abc123", Header(r.Request("POST", "/uploads"), "OpenAI-Project")),
        },
        [SetContext + "Example 2: Point the session at the local emulator"] = new(new[] { "ContextInfo" })
        {
            Check = r =>
            {
                var context = r.Single("ContextInfo");
                Assert.Equal(r.Server.BaseUri.ToString().TrimEnd('/'), ExampleRun.Get<string>(context, "BaseUri").TrimEnd('/'));
                Assert.Equal("Context", ExampleRun.Get<string>(context, "ApiKeySource"));
            },
        },
        [SetContext + "Example 3: Use a proxy and more patience"] = new(None)
        {
            Check = r =>
            {
                var context = r.RunMore("Get-OAIContext").Output.Single();
                Assert.Equal("http://proxy.corp.example:3128/", ExampleRun.Get<string>(context, "Proxy"));
                Assert.Equal("proxy-user", ExampleRun.Get<string>(context, "ProxyUser"));
                Assert.Equal((6, 1800), (ExampleRun.Get<int>(context, "MaxRetries"), ExampleRun.Get<int>(context, "TimeoutSec")));
            },
        },
        [SetContext + "Example 4: Stop using the proxy, keep everything else"] = new(None)
        {
            Prelude = "Set-OAIContext -Proxy http://proxy.corp.example:3128 -ProxyCredential (Get-Credential)",
            Check = r =>
            {
                var context = r.RunMore("Get-OAIContext").Output.Single();
                Assert.Null(context.Properties["Proxy"].Value);
                Assert.Null(context.Properties["ProxyUser"].Value);
                Assert.Equal("Context", ExampleRun.Get<string>(context, "ApiKeySource"));
                r.RunMore("New-OAIUpload -FileName a.jsonl -Bytes 10 -Purpose batch");
            },
        },
        [SetContext + "Example 5: Send the key to an internal http gateway"] = new(None)
        {
            Check = r =>
            {
                var context = r.RunMore("Get-OAIContext").Output.Single();
                Assert.True(ExampleRun.Get<bool>(context, "AllowUnencryptedAuthentication"));
                Assert.Equal("http://openai-gateway.corp.example/v1", ExampleRun.Get<string>(context, "BaseUri").TrimEnd('/'));
            },
        },
        [SetContext + "Example 6: Forget everything stored"] = new(None)
        {
            Check = r =>
            {
                var context = r.RunMore("Get-OAIContext").Output.Single();
                Assert.NotEqual(r.Server.BaseUri.ToString().TrimEnd('/'), ExampleRun.Get<string>(context, "BaseUri").TrimEnd('/'));
                Assert.NotEqual("Context", ExampleRun.Get<string>(context, "ApiKeySource"));
            },
        },
        [GetContext + "Example 1: Show the current settings"] = new(new[] { "ContextInfo" })
        {
            Check = r => Assert.Equal("Context", ExampleRun.Get<string>(r.Single("ContextInfo"), "ApiKeySource")),
        },
        [GetContext + "Example 2: Check that a key is configured before a long job"] = new(None)
        {
            // With a key nothing happens (above); without one, the example stops the script with its message.
            Check = r =>
            {
                var without = r.RunAgainAfter("""
                    $savedKey = $env:OPENAI_API_KEY
                    $env:OPENAI_API_KEY = $null
                    Set-OAIContext -Reset
                    """);
                r.RunMore("$env:OPENAI_API_KEY = $savedKey");
                Assert.Equal("Set OPENAI_API_KEY or run Set-OAIContext -ApiKey first.", without.Terminating?.Exception.Message);
            },
        },
        [GetContext + "Example 3: A table, and JSON"] = new(new[] { "Format", "String" })
        {
            Check = r =>
            {
                Assert.Matches("(?m)^BaseUri +ApiKeySource +ApiKeyHint +MaxRetries +TimeoutSec", r.Text);
                Assert.Contains(r.Result.Output, o => o.BaseObject is string json && json.Contains("\"ApiKeySource\":\"Context\"", StringComparison.Ordinal));
            },
        },

        [Edit + "Example 1: Edit an area marked by a mask"] = new(Edited)
        {
            Check = r =>
            {
                SavedPng(r, "flamingo.png");
                var form = r.Request("POST", "/images/edits").FormParts;
                Assert.Contains(form, p => p.Name == "mask");
                Assert.Equal("gpt-image-2", form.Single(p => p.Name == "model").Value);
                Assert.Equal("1024x1024", ExampleRun.Get<string>(r.Single("EditedImage"), "Size"));
            },
        },
        [Edit + "Example 2: Combine several images"] = new(Edited)
        {
            Check = r =>
            {
                SavedPng(r, "basket/body-lotion-0.png");
                var images = r.Request("POST", "/images/edits").FormParts.Where(p => p.Name == "image[]").Select(p => p.ContentType);
                Assert.Equal(new[] { "image/png", "image/png", "image/jpeg", "image/webp" }, images);
            },
        },
        [Edit + "Example 3: Edit every PNG in a folder, one request each"] = new(Edited)
        {
            Check = r =>
            {
                SavedPng(r, "out/one-0.png", "out/two[1]-0.png");
                Assert.Equal(2, r.Requests("POST", "/images/edits"));
                Assert.All(r.Server.Requests.All.Where(q => q.Path.EndsWith("/images/edits", StringComparison.Ordinal)),
                    q => Assert.Equal("gpt-image-2", q.FormParts.Single(p => p.Name == "model").Value));
            },
        },
        [Edit + "Example 4: Edit an uploaded image by its file id"] = new(Edited)
        {
            Check = r =>
            {
                SavedPng(r, "edits/photo-0.png");
                Assert.Contains("file_id", r.Request("POST", "/images/edits").JsonBody, StringComparison.Ordinal);
            },
        },
        [Edit + "Example 5: Watch partial images arrive"] = new(new[] { "FileInfo" })
        {
            Check = r =>
            {
                SavedPng(r, "render/sketch-0.png", "render/sketch-partial-0.png", "render/sketch-partial-1.png");
                Assert.Equal(r.LocalPath("render/sketch-0.png"), ExampleRun.Get<string>(r.Single("FileInfo"), "FullName"));
            },
        },
        [Edit + "Example 6: See what an edit would do, without sending it"] = new(None)
        {
            Check = r =>
            {
                r.HostSays("What if: Performing the operation \"Edit 1 image with gpt-image-2, n=2\"");
                Assert.Empty(r.Server.Requests.All);
            },
        },
        [Edit + "Example 7: A custom size with gpt-image-2"] = new(Edited)
        {
            // The emulator answers with PNG bytes whatever the format, so the saved file's name and the
            // size and format the server was asked for (it echoes them) are what can be checked.
            Check = r =>
            {
                var image = r.Single("EditedImage");
                Assert.Equal(r.LocalPath("banner-wide.webp"), ExampleRun.Get<string>(image, "Path"));
                Assert.True(File.Exists(r.LocalPath("banner-wide.webp")));
                Assert.Equal(("2048x768", "webp"), (ExampleRun.Get<string>(image, "Size"), ExampleRun.Get<string>(image, "OutputFormat")));
            },
        },
        [Edit + "Example 8: Keep the image in memory, save it later"] = new(new[] { "Int32", "FileInfo" })
        {
            Check = r =>
            {
                var length = (int)r.Single("Int32").BaseObject;
                Assert.Equal(r.LocalPath("logo-glow.png"), ExampleRun.Get<string>(r.Single("FileInfo"), "FullName"));
                Assert.Equal(length, File.ReadAllBytes(r.LocalPath("logo-glow.png")).Length);
                Assert.True(length > 0);
            },
        },
    };

    /// <summary>Two runs of Send-OAIFile -KeepOnFailure: a part of the first fails for good, -Resume finishes.</summary>
    private static ExampleFixture ResumedAfterAFailedPart() => new(Upload)
    {
        Faults = PartFailsForGood,
        Errors = new[] { "OpenAI.ServerError" },
        Check = r =>
        {
            r.AssembledFrom(r.Single("Upload"), "big.jsonl");
            Assert.Equal(1, r.UploadsCreated);
            Assert.Empty(Directory.GetFiles(Environment.GetEnvironmentVariable("OPENAI_POWERSHELL_STATE_DIR")!, "big.jsonl.*.json"));
        },
    };

    /// <summary>A completed upload shown by Format-List: its file id leads to the right bytes.</summary>
    private static void FormattedAndAssembled(ExampleRun r, string relativePath, int parts)
    {
        Assert.Matches(@"(?m)^Status +: completed", r.Text);
        r.AssembledFrom(r.FileIdInText(), relativePath);
        Assert.Equal(parts, r.Requests("POST", "/parts"));
    }

    private static void SavedPng(ExampleRun r, params string[] relativePaths)
    {
        foreach (var path in relativePaths)
        {
            Assert.True(File.Exists(r.LocalPath(path)), $"{path} was not saved; the folder holds: " +
                string.Join(", ", Directory.GetFiles(r.Root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(r.Root, f))));
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, File.ReadAllBytes(r.LocalPath(path))[..4]);
        }
    }

    private static string? Header(RecordedRequest request, string name) =>
        request.Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}

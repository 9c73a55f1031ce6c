using System.Diagnostics;
using OpenAI.Emulator;
using OpenAI.PowerShell.Hosted.Tests.Hosting;

namespace OpenAI.PowerShell.Hosted.Tests.Commands;

/// <summary>Ctrl+C (PowerShell.Stop) against a server that does not answer.</summary>
public sealed class SendOAIFileStopTests : HostedTest
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Ctrl_C_returns_within_a_second_and_says_how_the_upload_was_left(bool keep)
    {
        CreateFile("a.bin", 4_000);
        for (var i = 0; i < 8; i++)
        {
            // Neither the parts nor the cancel are answered.
            Server.Faults.Enqueue(Fault.Slow("/uploads/", TimeSpan.FromSeconds(30)));
        }
        var keepSwitch = keep ? "-KeepOnFailure" : "";
        var (result, took) = Session.RunAndStop(
            $"Send-OAIFile ./a.bin -Purpose batch -PartSize 1000 {keepSwitch} -WarningVariable global:sendWarnings",
            TimeSpan.FromSeconds(1.5));

        // The module's bound is 1 s (at most 0.5 s for the cancel request, then tear-down); the margin is
        // for a loaded 2-core machine. The old clean-up took 10 s here, so this still catches it coming back.
        Assert.True(took < TimeSpan.FromSeconds(1.5), $"the prompt came back after {took.TotalSeconds:0.00} s");
        // A stopping pipeline takes no more writes, so the warning goes to the console and the variable.
        var warning = Assert.Single(result.HostText.Split('\n'), l => l.StartsWith("WARNING: ", StringComparison.Ordinal))["WARNING: ".Length..];
        Assert.Contains(keep ? "is kept" : "could not be cancelled", warning, StringComparison.Ordinal);
        Assert.Contains("-Resume", warning, StringComparison.Ordinal);
        Assert.Contains("Stop-OAIUpload -UploadId upload_", warning, StringComparison.Ordinal);
        Assert.Equal(warning, Run("$global:sendWarnings | ForEach-Object Message").Output.Single().ToString());
    }

    [Fact]
    public void Ctrl_C_before_a_stored_part_is_answered_then_Resume_sends_that_part_again_and_completes_the_file()
    {
        var path = CreateFile("a.bin", 3_000);
        // The server stores part 2, then holds its answer: the client cannot know the part exists.
        Server.Faults.Enqueue(Fault.HoldAnswer("/parts", TimeSpan.FromSeconds(30)) with { SkipMatches = 1 });
        var (stopped, _) = Session.RunAndStop(
            "Send-OAIFile ./a.bin -Purpose batch -PartSize 1000 -ThrottleLimit 1 -KeepOnFailure",
            TimeSpan.FromSeconds(10),
            () => Server.State.Uploads.Any(u => u.Parts.Count == 2));
        var upload = Assert.Single(Server.State.Uploads);
        Assert.Equal(2, upload.Parts.Count);
        Assert.Contains("1 of 3 part(s) were sent", Assert.Single(stopped.Warnings), StringComparison.Ordinal);

        // The held request is logged when the server sees the client go.
        Assert.True(SpinWait.SpinUntil(() => Requests("POST", "/parts") == 2, TimeSpan.FromSeconds(10)));
        Server.Requests.Clear();
        var resumed = Run("Send-OAIFile ./a.bin -Purpose batch -Resume").ThrowIfFailed();

        // Parts 2 and 3 are sent; the completion lists part 1 and those two, so the stored copy of part 2 is left out.
        Assert.Equal(2, Requests("POST", "/parts"));
        var fileId = (string)Assert.Single(resumed.Output).Properties["FileId"].Value;
        Assert.Equal(File.ReadAllBytes(path), ServerFile(fileId));
    }
}

using OpenAI.Emulator;

namespace OpenAI.PowerShell.Hosted.Tests.Commands.Batches;

/// <summary>Ctrl+C while a Files or Batch cmdlet waits for the server: the prompt comes back at once, whatever the request.</summary>
public sealed class StopDuringRequestTests : BatchTest
{
    [Theory]
    [InlineData("Get-OAIFile", "/v1/files", "GET")]
    [InlineData("Get-OAIFile {file}", "/v1/files/", "GET")]
    [InlineData("Remove-OAIFile {file}", "/v1/files/", "DELETE")]
    [InlineData("Get-OAIBatch", "/v1/batches", "GET")]
    [InlineData("Get-OAIBatch {batch}", "/v1/batches/", "GET")]
    [InlineData("Stop-OAIBatch {batch}", "/cancel", "POST")]
    [InlineData("Start-OAIBatch {file} -Endpoint /v1/chat/completions", "/v1/batches", "POST")]
    public void Ctrl_C_while_the_server_holds_the_answer_ends_the_command_at_once(string command, string path, string method)
    {
        Server.Batches.Pause();
        var batch = StartOnServer(1);
        var file = AddInputFile(1);
        Server.Faults.Enqueue(Fault.HoldAnswer(path, TimeSpan.FromSeconds(30), method));

        var (_, stopTook) = Session.RunAndStop(command.Replace("{file}", file).Replace("{batch}", batch), TimeSpan.FromSeconds(1.5));

        // A second for the prompt, with room for a loaded 2-core machine, as the other Ctrl+C tests allow.
        Assert.True(stopTook < TimeSpan.FromSeconds(1.5), $"the stop took {stopTook}");
        Assert.Equal(1, Server.Faults.Injected);
    }
}

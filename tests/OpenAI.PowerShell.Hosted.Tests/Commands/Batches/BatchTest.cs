using System.Text;
using OpenAI.PowerShell.Hosted.Tests.Hosting;

namespace OpenAI.PowerShell.Hosted.Tests.Commands.Batches;

/// <summary>Batch input files and requests the batch tests share.</summary>
public abstract class BatchTest : HostedTest
{
    protected const string Chat = "/v1/chat/completions";

    protected static string Line(int index, string url = Chat) =>
        $"{{\"custom_id\":\"r{index}\",\"method\":\"POST\",\"url\":\"{url}\",\"body\":{{\"model\":\"gpt-5\",\"messages\":[{{\"role\":\"user\",\"content\":\"hello {index}\"}}]}}}}";

    protected static string Lines(int count, string url = Chat) =>
        string.Join("\n", Enumerable.Range(1, count).Select(i => Line(i, url))) + "\n";

    /// <summary>A batch input File already on the server, as another tool would have left it.</summary>
    protected string AddInputFile(int requests, string url = Chat) =>
        Server.State.AddFile(Encoding.UTF8.GetBytes(Lines(requests, url)), "batch", "requests.jsonl");

    protected string WriteRequests(string name, int requests, string url = Chat)
    {
        var path = Path.Combine(Files.Root, name);
        File.WriteAllText(path, Lines(requests, url));
        return path;
    }

    /// <summary>Starts a batch on the server directly, so a test of a later cmdlet does not depend on Start-OAIBatch.</summary>
    protected string StartOnServer(int requests)
    {
        var fileId = AddInputFile(requests);
        var result = Run($"Start-OAIBatch {fileId} -Endpoint {Chat} | ForEach-Object Id").ThrowIfFailed();
        return result.Output.Single().ToString();
    }

    /// <summary>A batch held part way: validated, <paramref name="done"/> lines run, and the processor paused.</summary>
    protected async Task<string> StartPartlyDoneAsync(int requests, int done)
    {
        Server.Batches.Pause();
        var id = StartOnServer(requests);
        Server.Batches.Step(done + 1);
        await Server.Batches.WaitUntilAsync(id, b => b.CompletedCount == done, TimeSpan.FromSeconds(20));
        return id;
    }

    protected void WaitOnServer(string batchId) => Server.Batches.WaitForTerminalAsync(batchId, TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
}

using System.Net.Http.Headers;
using OpenAI.Emulator;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Model;
using OpenAI.PowerShell.TestSupport;
using OpenAI.PowerShell.Uploads;
using static OpenAI.PowerShell.Engine.Tests.Emulator.EmulatorTestClient;

namespace OpenAI.PowerShell.Engine.Tests.Uploads;

/// <summary>
/// The API's "8 GB" upload and "64 MB" part, read in binary units (8 GiB, 64 MiB) as openai-python
/// reads "64MB". The numbers are literals so that a changed constant fails here; the module and the
/// emulator are checked at the same boundary so they cannot drift apart again.
/// </summary>
public sealed class UploadLimitTests : EmulatorTest
{
    private const long EightGiB = 8_589_934_592;
    private const long SixtyFourMiB = 67_108_864;

    private UploadService Service() => new(EmulatorClients.Client(Server));

    private Task<Upload> CreateAsync(long bytes) =>
        Service().CreateAsync(new CreateUploadRequest { Purpose = "batch", FileName = "big.jsonl", Bytes = bytes }, default);

    /// <summary>A sparse file of zeros: its length costs no disk or time to write.</summary>
    private string Sparse(string name, long length)
    {
        var path = Path.Combine(Files.Root, name);
        using var stream = File.Create(path);
        stream.SetLength(length);
        return path;
    }

    [Fact]
    public void Module_and_emulator_use_the_same_binary_limits()
    {
        Assert.Equal(EightGiB, UploadLimits.MaxUploadBytes);
        Assert.Equal(SixtyFourMiB, UploadLimits.MaxPartBytes);
        var emulator = new EmulatorOptions();
        Assert.Equal(EightGiB, emulator.MaxUploadBytes);
        Assert.Equal(SixtyFourMiB, emulator.MaxPartBytes);
    }

    [Fact]
    public async Task Exactly_8_GiB_is_created_and_one_byte_more_is_UploadTooLarge_before_sending()
    {
        var upload = await CreateAsync(EightGiB);

        Assert.Equal(EightGiB, upload.Bytes);
        Assert.Equal(EightGiB, Server.State.GetUpload(upload.Id)!.Bytes);
        Server.Requests.Clear();

        var error = await Assert.ThrowsAsync<OpenAIException>(() => CreateAsync(EightGiB + 1));

        Assert.Equal(ErrorIds.UploadTooLarge, error.ErrorId);
        Assert.Contains("8,589,934,592", error.Message);
        Assert.Empty(Server.Requests.All);
    }

    [Fact]
    public async Task Emulator_refuses_one_byte_over_8_GiB_itself()
    {
        using var http = new HttpClient { BaseAddress = new Uri(Server.BaseUri + "/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Server.ApiKey);

        using var response = await http.PostAsync("uploads",
            Json(new { purpose = "batch", filename = "big.jsonl", bytes = EightGiB + 1, mime_type = "text/jsonl" }));

        var error = await ReadErrorAsync(response, 400);
        Assert.Equal(("bytes", "upload_too_large"), (error.GetProperty("param").GetString(), error.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task A_part_of_exactly_64_MiB_is_sent_and_stored()
    {
        var upload = await CreateAsync(SixtyFourMiB);
        var path = Sparse("part.bin", SixtyFourMiB);

        var part = await Service().AddPartAsync(upload.Id, PartSource.FromFile(path, 0, SixtyFourMiB), 1, 0, default);

        Assert.Equal(SixtyFourMiB, part.Length);
        Assert.Equal(SixtyFourMiB, Server.State.GetUpload(upload.Id)!.ReceivedBytes);
    }

    [Fact]
    public async Task Emulator_refuses_a_part_one_byte_over_64_MiB_itself()
    {
        var upload = await CreateAsync(SixtyFourMiB + 1);
        using var http = new HttpClient { BaseAddress = new Uri(Server.BaseUri + "/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Server.ApiKey);
        await using var file = File.OpenRead(Sparse("over.bin", SixtyFourMiB + 1));
        using var form = new MultipartFormDataContent { { new StreamContent(file), "data", "over.bin" } };

        using var response = await http.PostAsync($"uploads/{upload.Id}/parts", form);

        Assert.Equal("part_too_large", (await ReadErrorAsync(response, 400)).GetProperty("code").GetString());
        Assert.Equal(0, Server.State.GetUpload(upload.Id)!.ReceivedBytes);
    }
}

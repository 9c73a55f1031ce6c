using System.Text;
using System.Text.Json;
using OpenAI.PowerShell.Batches;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Images;

namespace OpenAI.PowerShell.Engine.Tests.Images;

public sealed class ImageBatchDraftTests
{
    private static ImageEditRequest Local(string prompt, params string[] images) => new() { Prompt = prompt, Images = images.ToList() };

    private static List<JsonElement> Written(ImageBatchDraft draft, Func<int, string> fileIdOf)
    {
        using var writer = new BatchChunkWriter("test");
        draft.WriteLines(writer, fileIdOf, CancellationToken.None);
        return writer.Complete()
            .SelectMany(chunk => File.ReadAllLines(chunk.Path, Encoding.UTF8))
            .Select(line => JsonDocument.Parse(line).RootElement.Clone())
            .ToList();
    }

    [Fact]
    public void Each_local_file_is_counted_once_and_its_lines_get_its_File_id()
    {
        using var draft = new ImageBatchDraft();
        draft.Add(Local("one", "/photos/a.png"), null, "/photos/a.png");
        draft.Add(Local("two", "/photos/b.png", "/photos/a.png"), null, "/photos/b.png");
        draft.Add(new ImageEditRequest { Prompt = "three", FileIds = { "file-given" }, Mask = null }, null, "file-given");

        var lines = Written(draft, index => $"file-sent-{index}");

        Assert.Equal(new[] { "/photos/a.png", "/photos/b.png" }, draft.LocalFiles);
        Assert.Equal(3, draft.Lines);
        Assert.Equal(new[] { "file-sent-0" }, Ids(lines[0]));
        Assert.Equal(new[] { "file-sent-1", "file-sent-0" }, Ids(lines[1]));
        Assert.Equal(new[] { "file-given" }, Ids(lines[2]));
        Assert.All(lines, l =>
        {
            Assert.Equal("POST", l.GetProperty("method").GetString());
            Assert.Equal("/v1/images/edits", l.GetProperty("url").GetString());
            Assert.Equal("gpt-image-2", l.GetProperty("body").GetProperty("model").GetString());
        });
    }

    [Fact]
    public void A_local_mask_becomes_a_File_reference_too()
    {
        using var draft = new ImageBatchDraft();
        draft.Add(new ImageEditRequest { Prompt = "p", Images = { "/a.png" }, Mask = "/mask.png" }, null, "/a.png");

        var body = Assert.Single(Written(draft, index => $"file-{index}")).GetProperty("body");

        Assert.Equal("file-1", body.GetProperty("mask").GetProperty("file_id").GetString());
        Assert.Equal(new[] { "/a.png", "/mask.png" }, draft.LocalFiles);
    }

    [Fact]
    public void Custom_ids_are_readable_and_unique_and_a_users_repeat_is_refused()
    {
        using var draft = new ImageBatchDraft();

        var ids = new[]
        {
            draft.Add(Local("p", "/x/Product photo #1.png"), null, "/x/Product photo #1.png"),
            draft.Add(Local("p", "/x/Product photo #1.png"), null, "/x/Product photo #1.png"),
            draft.Add(Local("p", "/x/Product photo #1.png"), null, "/x/Product photo #1.png"),
            draft.Add(Local("p", "/x/Ünïcode.png"), null, "/x/Ünïcode.png"),
            draft.Add(Local("p", "/x/a.png"), "mine", "/x/a.png"),
        };
        var repeat = Assert.Throws<OpenAIException>(() => draft.Add(Local("p", "/x/a.png"), "mine", "/x/a.png"));

        Assert.Equal(new[] { "Product_photo__1", "Product_photo__1-2", "Product_photo__1-3", "Ünïcode", "mine" }, ids);
        Assert.Equal(ErrorIds.DuplicateCustomId, repeat.ErrorId);
        Assert.Equal(5, draft.Lines);
    }

    [Fact]
    public void Lines_past_the_request_limit_start_a_new_batch_file()
    {
        using var draft = new ImageBatchDraft();
        for (var i = 0; i < 5; i++)
        {
            draft.Add(Local($"p{i}", "/a.png"), null, "/a.png");
        }
        using var writer = new BatchChunkWriter("test", maxRequests: 2);

        draft.WriteLines(writer, _ => "file-a", CancellationToken.None);

        Assert.Equal(new long[] { 2, 2, 1 }, writer.Complete().Select(c => c.Requests));
    }

    private static IEnumerable<string?> Ids(JsonElement line) =>
        line.GetProperty("body").GetProperty("images").EnumerateArray().Select(i => i.GetProperty("file_id").GetString());
}

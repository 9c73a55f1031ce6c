extern alias OfficialSdk;

using System.ClientModel;
using OfficialSdk::OpenAI.Images;
using OpenAI.Emulator;
using OpenAI.Emulator.Png;
using OpenAI.PowerShell.TestSupport;

namespace OpenAI.PowerShell.Engine.Tests.Conformance;

/// <summary>
/// Image edits as the official .NET SDK sends them: its file parts carry a file name and no
/// Content-Type, and the real API judges them by their bytes. An emulator that insisted on a
/// Content-Type would answer these with 400 unsupported_file.
/// </summary>
public sealed class OfficialSdkImageEditTests : EmulatorTest
{
    // The SDK's dall-e-2 edit is replayed on a day OpenAI still served it.
    protected override EmulatorOptions EmulatorOptions => new() { Today = EmulatorDays.DallE2Served };

    private ImageClient Images(string model) => SdkClients.Client(Server).GetImageClient(model);

    private IReadOnlyList<RecordedFormPart> FileParts() =>
        Server.Requests.All.Single(r => r.Path.EndsWith("/images/edits", StringComparison.Ordinal))
            .FormParts.Where(p => p.FileName is not null).ToArray();

    [Fact]
    public async Task DallE2_edit_with_a_mask_returns_an_image_of_the_requested_size()
    {
        var image = PngWriter.Create(64, 64, 200, 30, 30, 255);
        var mask = PngWriter.Create(64, 64, 0, 0, 0, 0);
        using var imageStream = new MemoryStream(image);
        using var maskStream = new MemoryStream(mask);

        GeneratedImage edited = await Images("dall-e-2").GenerateImageEditAsync(
            imageStream, "image.png", "a red square", maskStream, "mask.png",
            new ImageEditOptions { ResponseFormat = GeneratedImageFormat.Bytes, Size = GeneratedImageSize.W256xH256 });

        var png = edited.ImageBytes.ToArray();
        Assert.Equal(PngWriter.Signature, png[..8]);
        Assert.Equal((256, 256), (ImageSniffer.Sniff(png).Width, ImageSniffer.Sniff(png).Height));
        // What makes this a conformance test: both files arrived whole and without a Content-Type.
        Assert.Equal(
            new (string, string?, string?, long)[] { ("image", "image.png", null, image.Length), ("mask", "mask.png", null, mask.Length) },
            FileParts().Select(p => (p.Name, p.FileName, p.ContentType, p.Length)));
    }

    [Fact]
    public async Task GptImage_edit_returns_an_image()
    {
        var image = PngWriter.Create(32, 32, 10, 120, 10, 255);
        using var imageStream = new MemoryStream(image);

        GeneratedImage edited = await Images("gpt-image-2").GenerateImageEditAsync(
            imageStream, "image.png", "a green square");

        Assert.Equal(PngWriter.Signature, edited.ImageBytes.ToArray()[..8]);
        var part = Assert.Single(FileParts());
        Assert.Equal(("image.png", (string?)null, (long)image.Length), (part.FileName, part.ContentType, part.Length));
    }

    [Fact]
    public async Task A_file_that_is_no_image_is_still_refused_without_a_Content_Type()
    {
        using var notAnImage = new MemoryStream("not an image at all"u8.ToArray());

        var error = await Assert.ThrowsAsync<ClientResultException>(() =>
            Images("gpt-image-2").GenerateImageEditAsync(notAnImage, "image.png", "anything"));

        Assert.Equal(400, error.Status);
        Assert.Contains("unsupported", error.Message, StringComparison.OrdinalIgnoreCase);
    }
}

using System.Net.Http;
using System.Net.Sockets;
using OpenAI.Emulator;
using OpenAI.PowerShell.Hosting;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Images;
using OpenAI.PowerShell.Model;
using OpenAI.PowerShell.TestSupport;
using OpenAI.PowerShell.Uploads;

namespace OpenAI.PowerShell.Tests.Seam;

/// <summary>
/// New-OAIImageEdit's logic driven as the cmdlet drives it: one operation and bridge per command,
/// one Run per pipeline record, against the emulator, with a recording host in place of PowerShell.
/// </summary>
public sealed class ImageEditCommandLogicTests : IAsyncLifetime
{
    private const string Prompt = "add a red beret";
    private EmulatorServer _server = null!;
    private readonly TestFiles _files = new();

    public async Task InitializeAsync() => _server = await EmulatorServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _files.Dispose();
    }

    private int EditRequests => _server.Requests.Count("POST", "/images/edits");

    private string OutDir => Path.Combine(_files.Root, "out");

    private Lazy<ImageEditService> Service(OpenAIClient? client = null) =>
        new(() => new ImageEditService(client ?? EmulatorClients.Client(_server)));

    private string Png(string name, int width, int height, int colorType = 6)
    {
        var path = Path.Combine(_files.Root, name);
        File.WriteAllBytes(path, ImageEditTestImages.Png(width, height, colorType));
        return path;
    }

    private static ImageEditRequest DallE2(string image, string? responseFormat = "b64_json") =>
        new() { Model = "dall-e-2", Prompt = Prompt, Images = { image }, ResponseFormat = responseFormat };

    private static void Run(ImageEditOperation operation, ImageEditRequest request, RecordingHost host) =>
        new PipelineBridge(host).Run(h => operation.EditAsync(request, h));

    [Fact]
    public void A_batch_with_a_bad_file_in_the_middle_edits_the_others_and_reports_that_one()
    {
        var files = new[] { Png("a.png", 64, 64), Png("b.png", 64, 32), Png("c.png", 64, 64) };
        var host = new RecordingHost();
        var bridge = new PipelineBridge(host);
        var operation = new ImageEditOperation(Service());

        foreach (var file in files)
        {
            bridge.Run(h => operation.EditAsync(DallE2(file), h));
        }

        Assert.Equal(2, host.OutputOf<EditedImage>().Count());
        Assert.All(host.OutputOf<EditedImage>(), i => Assert.True(i.ByteLength > 0));
        var error = Assert.Single(host.Errors);
        Assert.Equal(ImageErrorIds.ImageNotSquare, error.ErrorId);
        Assert.Equal(files[1], error.Target);
        Assert.Equal(2, EditRequests);
        Assert.Equal(new[] { "a.png", "c.png" }, _server.Requests.All.Select(r => r.FormParts.Single(p => p.Name == "image").FileName));
    }

    [Fact]
    public void ShouldProcess_refusal_sends_nothing_and_names_model_image_count_and_n()
    {
        var one = Png("one.png", 64, 64);
        var service = Service();
        var operation = new ImageEditOperation(service);
        var host = new RecordingHost { ShouldProcessAnswer = false };
        var request = DallE2(one);
        request.N = 2;

        Run(operation, request, host);
        Run(operation, new ImageEditRequest { Model = "gpt-image-1.5", Prompt = Prompt, Images = { one, Png("two.png", 32, 32), Png("three.png", 16, 16) } }, host);

        Assert.Empty(_server.Requests.All);
        Assert.False(service.IsValueCreated); // no client, so -WhatIf needs no key
        Assert.Empty(host.Output);
        Assert.Empty(host.Errors);
        Assert.Equal((one, "Edit 1 image with dall-e-2, n=2"), host.ShouldProcessCalls[0]);
        Assert.Equal("Edit 3 images with gpt-image-1.5, n=1", host.ShouldProcessCalls[1].Action);
    }

    [Fact]
    public void A_failed_check_is_reported_before_ShouldProcess_is_asked()
    {
        var host = new RecordingHost();
        Run(new ImageEditOperation(Service()), DallE2(Png("rgb.png", 64, 64, colorType: 2)), host);

        Assert.Equal(ImageErrorIds.ImageNeedsTransparency, Assert.Single(host.Errors).ErrorId);
        Assert.Empty(host.ShouldProcessCalls);
        Assert.Empty(_server.Requests.All);
    }

    [Fact]
    public void OutDirectory_downloads_each_url_result_to_stem_index_png_and_sets_Path()
    {
        var image = Png("photo.png", 64, 64);
        var request = DallE2(image, responseFormat: null); // dall-e-2 answers with urls by default
        request.N = 2;
        request.OutDirectory = OutDir;
        var host = new RecordingHost();

        Run(new ImageEditOperation(Service()), request, host);

        Assert.Empty(host.Errors);
        var images = host.OutputOf<EditedImage>().ToList();
        Assert.Equal(new[] { Path.Combine(OutDir, "photo-0.png"), Path.Combine(OutDir, "photo-1.png") }, images.Select(i => i.Path));
        Assert.All(images, i => Assert.NotNull(i.Url));
        Assert.All(images, i => Assert.True(ImageEditTestImages.IsPng(i.Path!)));
        Assert.Equal(new[] { "photo-0.png", "photo-1.png" }, Directory.GetFiles(OutDir).Select(Path.GetFileName).Order());
        Assert.Contains(host.Verbose, v => v.Contains("photo-1.png"));
    }

    [Fact]
    public void PassThru_writes_a_FileInfo_per_saved_image()
    {
        var request = DallE2(Png("photo.png", 64, 64));
        request.OutFile = Path.Combine(_files.Root, "edited.png");
        var host = new RecordingHost();

        Run(new ImageEditOperation(Service(), passThru: true), request, host);

        var file = Assert.IsType<FileInfo>(Assert.Single(host.Output));
        Assert.Equal(request.OutFile, file.FullName);
        Assert.True(ImageEditTestImages.IsPng(file.FullName));
    }

    [Fact]
    public void An_existing_output_is_not_overwritten_without_Force_and_nothing_is_sent()
    {
        Directory.CreateDirectory(OutDir);
        var existing = Path.Combine(OutDir, "photo-0.png");
        File.WriteAllText(existing, "keep me");
        var image = Png("photo.png", 64, 64);
        var request = DallE2(image);
        request.OutDirectory = OutDir;
        var host = new RecordingHost();
        var operation = new ImageEditOperation(Service());

        Run(operation, request, host);

        var error = Assert.Single(host.Errors);
        Assert.Equal(ImageErrorIds.OutputExists, error.ErrorId);
        Assert.Equal(existing, error.Target);
        Assert.Equal("keep me", File.ReadAllText(existing));
        Assert.Equal(0, EditRequests);
        Assert.Empty(host.Output);

        var forced = DallE2(image);
        forced.OutDirectory = OutDir;
        forced.Force = true;
        Run(operation, forced, host);

        Assert.Single(host.Errors);
        Assert.True(ImageEditTestImages.IsPng(existing));
        Assert.Equal(1, EditRequests);
    }

    [Fact]
    public void Streamed_partials_are_progress_and_are_saved_as_partial_files()
    {
        var request = new ImageEditRequest
        {
            Model = "gpt-image-1.5", Prompt = Prompt, Images = { Png("photo.png", 64, 64) },
            Stream = true, PartialImages = 2, OutDirectory = OutDir,
        };
        var host = new RecordingHost();

        Run(new ImageEditOperation(Service()), request, host);

        Assert.Empty(host.Errors);
        var partial0 = Path.Combine(OutDir, "photo-partial-0.png");
        var partial1 = Path.Combine(OutDir, "photo-partial-1.png");
        var partials = host.Progress.Where(p => p.StatusDescription.StartsWith("Partial image", StringComparison.Ordinal)).ToList();
        Assert.Equal(new[] { "Partial image 1 of 2", "Partial image 2 of 2" }, partials.Select(p => p.StatusDescription));
        Assert.Equal(new[] { partial0, partial1 }, partials.Select(p => p.CurrentOperation));
        Assert.All(partials, p => Assert.InRange(p.PercentComplete, 1, 99));
        Assert.True(host.Progress[^1].Completed);
        Assert.Single(host.Progress.Select(p => p.ActivityId).Distinct());

        var image = Assert.Single(host.OutputOf<EditedImage>());
        Assert.Equal(Path.Combine(OutDir, "photo-0.png"), image.Path);
        Assert.True(ImageEditTestImages.IsPng(partial0) && ImageEditTestImages.IsPng(partial1) && ImageEditTestImages.IsPng(image.Path!));
        Assert.NotEqual(File.ReadAllBytes(partial0), File.ReadAllBytes(image.Path!));
        Assert.Equal(new[] { Environment.CurrentManagedThreadId }, host.ThreadIds);
    }

    [Fact]
    public async Task A_completed_upload_is_edited_by_its_file_id_in_JSON_mode()
    {
        var png = ImageEditTestImages.Png(64, 64);
        var uploads = new UploadService(EmulatorClients.Client(_server));
        var created = await uploads.CreateAsync(new CreateUploadRequest { Purpose = "vision", FileName = "photo.png", Bytes = png.Length, MimeType = "image/png" }, default);
        var part = await uploads.AddPartAsync(created.Id, PartSource.FromBytes(png, 0, png.Length), 1, 0, default);
        var completed = await uploads.CompleteAsync(created.Id, new[] { part.Id }, null, default);
        var fileId = completed.File!.Id;
        _server.Requests.Clear();
        var host = new RecordingHost();
        var request = new ImageEditRequest { Model = "gpt-image-1.5", Prompt = Prompt, OutDirectory = OutDir };

        new PipelineBridge(host).Run(h => new ImageEditOperation(Service()).EditAsync(request, new[] { completed }, h));

        Assert.Empty(host.Errors);
        var sent = Assert.Single(_server.Requests.All);
        Assert.StartsWith("application/json", sent.Headers["Content-Type"]);
        Assert.Empty(sent.FormParts);
        Assert.Contains($"\"file_id\":\"{fileId}\"", sent.JsonBody!.Replace(" ", ""));
        Assert.Equal(fileId, host.ShouldProcessCalls.Single().Target);
        // Saved files are named after the uploaded file, so a batch of uploads does not collide.
        Assert.Equal(Path.Combine(OutDir, "photo-0.png"), Assert.Single(host.OutputOf<EditedImage>()).Path);
    }

    [Fact]
    public void A_pending_upload_is_an_error_for_its_record_and_nothing_is_sent()
    {
        var pending = new Upload { Id = "upload_pending", FileName = "photo.png", Status = "pending" };
        var host = new RecordingHost();

        new PipelineBridge(host).Run(h => new ImageEditOperation(Service()).EditAsync(new ImageEditRequest { Prompt = Prompt }, new[] { pending }, h));

        var error = Assert.Single(host.Errors);
        Assert.Equal(ImageErrorIds.UploadNotCompleted, error.ErrorId);
        Assert.Equal("upload_pending", error.Target);
        Assert.Empty(_server.Requests.All);
    }

    [Fact]
    public void A_server_refusal_fails_only_its_own_record()
    {
        _server.Faults.Enqueue(new Fault { Kind = FaultKind.Status, Status = 400, PathContains = "/images/edits" });
        var host = new RecordingHost();
        var bridge = new PipelineBridge(host);
        var operation = new ImageEditOperation(Service());

        bridge.Run(h => operation.EditAsync(DallE2(Png("a.png", 64, 64)), h));
        bridge.Run(h => operation.EditAsync(DallE2(Png("b.png", 64, 64)), h));

        Assert.Equal(ErrorIds.InvalidRequest, Assert.Single(host.Errors).ErrorId);
        Assert.Single(host.OutputOf<EditedImage>());
        Assert.Equal(2, EditRequests);
        Assert.Contains(host.Progress, p => p.Completed); // the progress bar is closed after a failure too
    }

    [Fact]
    public void Requests_from_one_pipeline_share_one_client_and_one_connection()
    {
        var connections = 0;
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, token) =>
            {
                Interlocked.Increment(ref connections);
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(context.DnsEndPoint, token);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        using var http = new HttpClient(handler);
        var creations = 0;
        var service = new Lazy<ImageEditService>(() =>
        {
            creations++;
            return new ImageEditService(new OpenAIClient(EmulatorClients.Settings(_server), null, null, http));
        });
        var operation = new ImageEditOperation(service);
        var host = new RecordingHost();
        var bridge = new PipelineBridge(host);

        foreach (var name in new[] { "a.png", "b.png", "c.png" })
        {
            var file = Png(name, 64, 64);
            bridge.Run(h => operation.EditAsync(DallE2(file), h));
        }

        Assert.Equal(3, host.OutputOf<EditedImage>().Count());
        Assert.Equal(3, EditRequests);
        Assert.Equal(1, creations);
        Assert.Equal(1, connections);
    }

    [Fact]
    public void PassThru_without_an_output_and_PartialImages_without_Stream_stop_before_sending()
    {
        var image = Png("photo.png", 64, 64);
        var passThru = Assert.Throws<OpenAIException>(() => Run(new ImageEditOperation(Service(), passThru: true), DallE2(image), new RecordingHost()));
        var partials = Assert.Throws<OpenAIException>(() => Run(new ImageEditOperation(Service()),
            new ImageEditRequest { Model = "gpt-image-1.5", Prompt = Prompt, Images = { image }, PartialImages = 2 }, new RecordingHost()));

        Assert.Equal(ImageErrorIds.PassThruNeedsOutput, passThru.ErrorId);
        Assert.Equal(ImageErrorIds.PartialImagesNeedStream, partials.ErrorId);
        Assert.Empty(_server.Requests.All);
    }

    [Fact]
    public void A_missing_key_stops_the_pipeline_instead_of_failing_each_record()
    {
        var noKey = new Lazy<ImageEditService>(() => throw new OpenAIException(ErrorIds.MissingApiKey, OpenAIErrorCategory.AuthenticationError, "No API key."));
        var host = new RecordingHost();

        var error = Assert.Throws<OpenAIException>(() => Run(new ImageEditOperation(noKey), DallE2(Png("photo.png", 64, 64)), host));

        Assert.Equal(ErrorIds.MissingApiKey, error.ErrorId);
        Assert.Empty(host.Errors);
    }

    [Fact]
    public void The_WhatIf_target_shortens_data_urls()
    {
        var request = new ImageEditRequest { Prompt = Prompt, FileIds = { "file-1" }, ImageUrls = { "data:image/png;base64," + new string('A', 500) }, MaskFileId = "file-m" };

        var target = ImageEditOperation.Target(request);

        Assert.StartsWith("file-1, data:image/png;base64,AAA", target);
        Assert.True(target.Length < 80, target);
        Assert.Equal("Edit 2 images with gpt-image-1.5, n=1, with a mask", ImageEditOperation.Action(request));
    }
}

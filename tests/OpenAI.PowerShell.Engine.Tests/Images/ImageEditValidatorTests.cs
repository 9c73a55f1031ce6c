using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Images;
using R = OpenAI.PowerShell.Images.ImageEditRequest;
using X = OpenAI.PowerShell.Http.ErrorIds;

namespace OpenAI.PowerShell.Engine.Tests.Images;

/// <summary>Every pre-send check: its ErrorId, its target, and that no request left the machine.</summary>
public sealed class ImageEditValidatorTests : IDisposable
{
    private readonly ImageFixtures _f = new();

    private sealed record Case(string ErrorId, Func<ImageFixtures, R> Build, Func<ImageFixtures, object> Target);

    private static R Dalle(ImageFixtures f, string? image = null) =>
        new() { Model = "dall-e-2", Prompt = "add a beret", Images = { image ?? f.Rgba512 } };

    private static R Gpt(ImageFixtures f, string model = "gpt-image-1") =>
        new() { Model = model, Prompt = "add a beret", Images = { f.Rgba512 } };

    private static Case C(string id, Func<ImageFixtures, R> build, object target) => new(id, build, _ => target);
    private static Case C(string id, Func<ImageFixtures, R> build, Func<ImageFixtures, object> target) => new(id, build, target);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["blank prompt"] = C(X.PromptRequired, f => { var r = Gpt(f); r.Prompt = "  "; return r; }, "Prompt"),
        ["files and file ids"] = C(X.MixedImageSources, f => { var r = Gpt(f); r.FileIds.Add("file-1"); return r; }, "Image"),
        ["mask file and mask id"] = C(X.MixedImageSources, f => new R { Prompt = "p", FileIds = { "file-1" }, Mask = f.Mask512 }, "Mask"),
        ["mask id and mask url"] = C(X.MixedImageSources, f => new R { Prompt = "p", FileIds = { "file-1" }, MaskFileId = "file-2", MaskImageUrl = "https://x/m.png" }, "MaskFileId"),
        ["no image"] = C(X.NoImages, f => new R { Prompt = "p", Model = "gpt-image-1" }, "Image"),
        ["blank file id"] = C(X.InvalidImageReference, f => new R { Prompt = "p", FileIds = { " " } }, "FileId"),
        ["ftp url"] = C(X.InvalidImageReference, f => new R { Prompt = "p", ImageUrls = { "ftp://host/a.png" } }, "ftp://host/a.png"),
        ["relative url"] = C(X.InvalidImageReference, f => new R { Prompt = "p", ImageUrls = { "a.png" } }, "a.png"),
        ["n 0"] = C(X.InvalidN, f => { var r = Gpt(f); r.N = 0; return r; }, "N"),
        ["n 11"] = C(X.InvalidN, f => { var r = Gpt(f, "some-future-model"); r.N = 11; return r; }, "N"),
        ["partial images 4"] = C(X.InvalidPartialImages, f => { var r = Gpt(f); r.Stream = true; r.PartialImages = 4; return r; }, "PartialImages"),
        ["partial images -1"] = C(X.InvalidPartialImages, f => { var r = Gpt(f, "some-future-model"); r.PartialImages = -1; return r; }, "PartialImages"),
        ["compression 101"] = C(X.OutputCompressionOutOfRange, f => { var r = Gpt(f); r.OutputFormat = "jpeg"; r.OutputCompression = 101; return r; }, "OutputCompression"),
        ["compression -1"] = C(X.OutputCompressionOutOfRange, f => { var r = Gpt(f); r.OutputFormat = "webp"; r.OutputCompression = -1; return r; }, "OutputCompression"),
        ["compression with default png"] = C(X.OutputCompressionNotSupported, f => { var r = Gpt(f, "some-future-model"); r.OutputCompression = 50; return r; }, "OutputCompression"),
        ["compression with png"] = C(X.OutputCompressionNotSupported, f => { var r = Gpt(f); r.OutputFormat = "png"; r.OutputCompression = 50; return r; }, "OutputCompression"),
        ["missing image"] = C(X.FileNotFound, f => Dalle(f, f.Missing), f => f.Missing),
        ["missing image, unknown model"] = C(X.FileNotFound, f => { var r = Gpt(f, "some-future-model"); r.Images.Add(f.Missing); return r; }, f => f.Missing),
        ["missing mask"] = C(X.FileNotFound, f => { var r = Gpt(f); r.Mask = f.Missing; return r; }, f => f.Missing),
        ["empty image"] = C(X.EmptyFile, f => Dalle(f, f.Empty), f => f.Empty),
        ["dall-e-2 by file id"] = C(X.JsonModeNotSupported, f => new R { Model = "dall-e-2", Prompt = "p", FileIds = { "file-1" } }, "FileId"),
        ["dall-e-2 two images"] = C(X.TooManyImages, f => { var r = Dalle(f); r.Images.Add(f.Gray512); return r; }, f => new[] { f.Rgba512, f.Gray512 }),
        ["gpt 17 images"] = C(X.TooManyImages, f => { var r = Gpt(f); for (var i = 0; i < 16; i++) r.Images.Add(f.Jpeg); return r; }, f => new[] { f.Rgba512 }.Concat(Enumerable.Repeat(f.Jpeg, 16)).ToArray()),
        ["gpt 17 file ids"] = C(X.TooManyImages, f => new R { Model = "gpt-image-1.5", Prompt = "p", FileIds = Enumerable.Range(0, 17).Select(i => "file-" + i).ToList() }, Enumerable.Range(0, 17).Select(i => "file-" + i).ToArray()),
        ["broken png, dall-e-2"] = C(X.InvalidImage, f => Dalle(f, f.Broken), f => f.Broken),
        ["broken png, gpt"] = C(X.InvalidImage, f => { var r = Gpt(f); r.Images.Add(f.Broken); return r; }, f => f.Broken),
        ["dall-e-2 jpeg"] = C(X.ImageNotPng, f => Dalle(f, f.Jpeg), f => f.Jpeg),
        ["dall-e-2 webp"] = C(X.ImageNotPng, f => Dalle(f, f.Webp), f => f.Webp),
        ["gpt gif"] = C(X.UnsupportedImageType, f => { var r = Gpt(f); r.Images.Add(f.Gif); return r; }, f => f.Gif),
        ["dall-e-2 4 MiB"] = C(X.ImageTooLarge, f => Dalle(f, f.PngOfLength("four.png", 4 * ImageFixtures.MiB)), f => f.Combine("four.png")),
        ["gpt 50 MiB"] = C(X.ImageTooLarge, f => { var r = Gpt(f); r.Images.Add(f.SparsePng("fifty.png", 50 * ImageFixtures.MiB)); return r; }, f => f.Combine("fifty.png")),
        ["dall-e-2 not square"] = C(X.ImageNotSquare, f => Dalle(f, f.Wide), f => f.Wide),
        ["dall-e-2 no alpha, no mask"] = C(X.ImageNeedsTransparency, f => Dalle(f, f.Rgb512), f => f.Rgb512),
        ["jpeg mask"] = C(X.MaskNotPng, f => { var r = Gpt(f); r.Mask = f.Jpeg; return r; }, f => f.Jpeg),
        ["dall-e-2 4 MiB mask"] = C(X.MaskTooLarge, f => { var r = Dalle(f); r.Mask = f.PngOfLength("bigmask.png", 4 * ImageFixtures.MiB); return r; }, f => f.Combine("bigmask.png")),
        ["mask size differs"] = C(X.MaskSizeMismatch, f => { var r = Dalle(f); r.Mask = f.Mask256; return r; }, f => f.Mask256),
        ["gpt mask differs from first image"] = C(X.MaskSizeMismatch, f => { var r = Gpt(f); r.Images[0] = f.Wide; r.Mask = f.Mask512; return r; }, f => f.Mask512),
        ["mask without alpha"] = C(X.MaskNeedsTransparency, f => { var r = Dalle(f, f.Rgb512); r.Mask = f.MaskNoAlpha; return r; }, f => f.MaskNoAlpha),
        ["dall-e-2 prompt 1001"] = C(X.PromptTooLong, f => { var r = Dalle(f); r.Prompt = new string('a', 1001); return r; }, "Prompt"),
        ["gpt prompt 32001"] = C(X.PromptTooLong, f => { var r = Gpt(f); r.Prompt = new string('a', 32001); return r; }, "Prompt"),
        ["dall-e-2 1536x1024"] = C(X.InvalidSize, f => { var r = Dalle(f); r.Size = "1536x1024"; return r; }, "Size"),
        ["dall-e-2 auto"] = C(X.InvalidSize, f => { var r = Dalle(f); r.Size = "auto"; return r; }, "Size"),
        ["gpt 256x256"] = C(X.InvalidSize, f => { var r = Gpt(f); r.Size = "256x256"; return r; }, "Size"),
        ["gpt-image-1.5 1536x864"] = C(X.InvalidSize, f => { var r = Gpt(f, "gpt-image-1.5"); r.Size = "1536x864"; return r; }, "Size"),
        ["gpt-image-2 not /16"] = C(X.InvalidSize, f => { var r = Gpt(f, "gpt-image-2"); r.Size = "1000x1000"; return r; }, "Size"),
        ["gpt-image-2 ratio 1:4"] = C(X.InvalidSize, f => { var r = Gpt(f, "gpt-image-2"); r.Size = "512x2048"; return r; }, "Size"),
        ["gpt-image-2 over 3840"] = C(X.InvalidSize, f => { var r = Gpt(f, "gpt-image-2-2026-04-21"); r.Size = "4096x2048"; return r; }, "Size"),
        ["gpt-image-2 short edge over 2160"] = C(X.InvalidSize, f => { var r = Gpt(f, "gpt-image-2"); r.Size = "2176x2176"; return r; }, "Size"),
        ["gpt-image-2 garbage"] = C(X.InvalidSize, f => { var r = Gpt(f, "gpt-image-2"); r.Size = "big"; return r; }, "Size"),
        ["dall-e-2 background"] = C(X.UnsupportedParameter, f => { var r = Dalle(f); r.Background = "opaque"; return r; }, "Background"),
        ["dall-e-2 quality high"] = C(X.UnsupportedParameter, f => { var r = Dalle(f); r.Quality = "high"; return r; }, "Quality"),
        ["dall-e-2 output format"] = C(X.UnsupportedParameter, f => { var r = Dalle(f); r.OutputFormat = "webp"; r.OutputCompression = 80; return r; }, "OutputFormat"),
        ["dall-e-2 input fidelity"] = C(X.UnsupportedParameter, f => { var r = Dalle(f); r.InputFidelity = "high"; return r; }, "InputFidelity"),
        ["dall-e-2 stream"] = C(X.UnsupportedParameter, f => { var r = Dalle(f); r.Stream = true; return r; }, "Stream"),
        ["dall-e-2 partial images"] = C(X.UnsupportedParameter, f => { var r = Dalle(f); r.PartialImages = 1; return r; }, "PartialImages"),
        ["gpt response format"] = C(X.ResponseFormatNotSupported, f => { var r = Gpt(f); r.ResponseFormat = "b64_json"; return r; }, "ResponseFormat"),
        ["default model response format"] = C(X.ResponseFormatNotSupported, f => { var r = Gpt(f); r.Model = null; r.ResponseFormat = "url"; return r; }, "ResponseFormat"),
        ["dall-e-2 response format png"] = C(X.InvalidParameterValue, f => { var r = Dalle(f); r.ResponseFormat = "png"; return r; }, "ResponseFormat"),
        ["gpt quality standard"] = C(X.InvalidParameterValue, f => { var r = Gpt(f); r.Quality = "standard"; return r; }, "Quality"),
        ["gpt background blue"] = C(X.InvalidParameterValue, f => { var r = Gpt(f); r.Background = "blue"; return r; }, "Background"),
        ["gpt output gif"] = C(X.InvalidParameterValue, f => { var r = Gpt(f); r.OutputFormat = "gif"; return r; }, "OutputFormat"),
        ["transparent jpeg"] = C(X.TransparentNeedsPngOrWebp, f => { var r = Gpt(f); r.Background = "transparent"; r.OutputFormat = "jpeg"; return r; }, "Background"),
        ["mini input fidelity"] = C(X.InputFidelityNotSupported, f => { var r = Gpt(f, "gpt-image-1-mini"); r.InputFidelity = "high"; return r; }, "InputFidelity"),
        ["outfile and outdirectory"] = C(X.OutputConflict, f => { var r = Gpt(f); r.OutFile = f.Combine("o.png"); r.OutDirectory = f.Directory; return r; }, "OutFile"),
        ["outfile with n 2"] = C(X.OutFileNeedsOneImage, f => { var r = Gpt(f); r.OutFile = f.Combine("o.png"); r.N = 2; return r; }, "OutFile"),
        ["outfile exists"] = C(X.OutputExists, f => { var r = Gpt(f); r.OutFile = f.Rgb512; return r; }, f => f.Rgb512),
        ["directory target exists"] = C(X.OutputExists, f => { var r = Dalle(f); r.N = 3; r.OutDirectory = f.Directory; f.Copy(f.Rgb512, "rgba-2.png"); return r; }, f => f.Combine("rgba-2.png")),
        ["partial target exists"] = C(X.OutputExists, f => { var r = Gpt(f); r.Stream = true; r.PartialImages = 2; r.OutDirectory = f.Directory; f.Copy(f.Rgb512, "rgba-partial-1.png"); return r; }, f => f.Combine("rgba-partial-1.png")),
    };

    public static IEnumerable<object[]> CaseNames => Cases.Keys.Select(k => new object[] { k });

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Check_fails_with_its_ErrorId_and_sends_nothing(string name)
    {
        var @case = Cases[name];
        var request = @case.Build(_f);
        var handler = new NoSendHandler();
        var service = new ImageEditService(TestClients.Client(handler), new ImageSaver(new HttpClient(handler)));

        var error = await Assert.ThrowsAsync<OpenAIException>(() => service.EditAsync(request));

        Assert.Equal(@case.ErrorId, error.ErrorId);
        Assert.Equal(@case.Target(_f), error.Target);
        Assert.Equal(0, handler.Calls);
    }

    [Fact]
    public void Every_check_in_the_catalogue_has_a_failing_case()
    {
        var tested = Cases.Values.Select(c => c.ErrorId).Append(X.FileReadFailed).ToHashSet();
        var untested = ImageEditChecks.List.Select(c => c.ErrorId).Where(id => !tested.Contains(id)).ToList();

        Assert.Empty(untested);
        Assert.Equal(ImageEditChecks.List.Count, ImageEditChecks.List.Select(c => c.ErrorId).Distinct().Count());
        Assert.All(ImageEditChecks.List, c => Assert.Matches("^OpenAI\\.[A-Z][A-Za-z]+$", c.ErrorId));
    }

    [Fact]
    public void Unreadable_file_is_FileReadFailed()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Windows reports the share violation the same way; the lock below is the Unix form.
        }
        var request = Dalle(_f);
        // .NET takes an exclusive advisory lock for FileShare.None, so the header read is refused.
        using var locked = new FileStream(_f.Rgba512, FileMode.Open, FileAccess.ReadWrite, FileShare.None);

        var error = Assert.Throws<OpenAIException>(() => ImageEditValidator.Validate(request));

        Assert.Equal(X.FileReadFailed, error.ErrorId);
        Assert.Equal(_f.Rgba512, error.Target);
    }

    public static IEnumerable<object[]> ValidRequests()
    {
        yield return new object[] { "dall-e-2 rgba", (Func<ImageFixtures, R>)(f => Dalle(f)) };
        yield return new object[] { "dall-e-2 gray+alpha, 1024x1024, url", (Func<ImageFixtures, R>)(f => { var r = Dalle(f, f.Gray512); r.Size = "1024x1024"; r.ResponseFormat = "url"; return r; }) };
        yield return new object[] { "dall-e-2 tRNS", (Func<ImageFixtures, R>)(f => Dalle(f, f.RgbTrns512)) };
        yield return new object[] { "dall-e-2 rgb with mask", (Func<ImageFixtures, R>)(f => { var r = Dalle(f, f.Rgb512); r.Mask = f.Mask512; return r; }) };
        yield return new object[] { "dall-e-2 just under 4 MiB, standard", (Func<ImageFixtures, R>)(f => { var r = Dalle(f, f.PngOfLength("under.png", 4 * ImageFixtures.MiB - 1)); r.Quality = "standard"; return r; }) };
        yield return new object[] { "dall-e-2 1000 chars", (Func<ImageFixtures, R>)(f => { var r = Dalle(f); r.Prompt = new string('a', 999) + "\U0001F600"; return r; }) };
        yield return new object[] { "gpt 16 mixed", (Func<ImageFixtures, R>)(f => { var r = Gpt(f); r.Images.Clear(); for (var i = 0; i < 16; i++) r.Images.Add(new[] { f.Rgb512, f.Jpeg, f.Webp, f.Wide }[i % 4]); return r; }) };
        yield return new object[] { "gpt transparent, default png", (Func<ImageFixtures, R>)(f => { var r = Gpt(f); r.Background = "transparent"; r.Quality = "high"; return r; }) };
        yield return new object[] { "gpt transparent webp 80", (Func<ImageFixtures, R>)(f => { var r = Gpt(f, "chatgpt-image-latest"); r.Background = "Transparent"; r.OutputFormat = "WEBP"; r.OutputCompression = 80; return r; }) };
        yield return new object[] { "gpt-image-1 input fidelity, stream 3", (Func<ImageFixtures, R>)(f => { var r = Gpt(f); r.InputFidelity = "high"; r.Stream = true; r.PartialImages = 3; return r; }) };
        yield return new object[] { "gpt-image-2 1536x864", (Func<ImageFixtures, R>)(f => { var r = Gpt(f, "gpt-image-2"); r.Size = "1536x864"; return r; }) };
        yield return new object[] { "gpt-image-2 3840x2160", (Func<ImageFixtures, R>)(f => { var r = Gpt(f, "gpt-image-2"); r.Size = "3840x2160"; return r; }) };
        yield return new object[] { "gpt-image-2 2160x3840", (Func<ImageFixtures, R>)(f => { var r = Gpt(f, "gpt-image-2"); r.Size = "2160x3840"; return r; }) };
        yield return new object[] { "gpt-image-2 1:3", (Func<ImageFixtures, R>)(f => { var r = Gpt(f, "gpt-image-2"); r.Size = "704x2112"; return r; }) };
        yield return new object[] { "gpt 32000 chars", (Func<ImageFixtures, R>)(f => { var r = Gpt(f); r.Prompt = new string('a', 32000); return r; }) };
        yield return new object[] { "gpt by file id and url", (Func<ImageFixtures, R>)(f => new R { Prompt = "p", FileIds = { "file-1" }, ImageUrls = { "https://example.com/a.png", "data:image/png;base64,AAAA" }, MaskFileId = "file-m" }) };
        yield return new object[] { "unknown model, gif, odd values", (Func<ImageFixtures, R>)(f => new R { Model = "gpt-image-9", Prompt = new string('a', 40000), Images = { f.Gif, f.Broken }, Size = "7x7", Quality = "ultra", ResponseFormat = "url", N = 10 }) };
        yield return new object[] { "force over an existing file", (Func<ImageFixtures, R>)(f => { var r = Gpt(f); r.OutFile = f.Rgb512; r.Force = true; return r; }) };
    }

    [Theory]
    [MemberData(nameof(ValidRequests))]
    public void Valid_request_passes(string name, Func<ImageFixtures, R> build)
    {
        var plan = ImageEditValidator.Validate(build(_f));

        Assert.NotNull(plan);
        Assert.False(string.IsNullOrEmpty(name));
    }

    [Fact]
    public void Plan_carries_rule_headers_and_output_paths()
    {
        var request = Dalle(_f, _f.Rgb512);
        request.Mask = _f.Mask512;
        request.N = 2;
        request.OutDirectory = _f.Combine("out");

        var plan = ImageEditValidator.Validate(request);

        Assert.Equal("dall-e-2", plan.Rule!.Name);
        Assert.Equal(512, plan.ImageHeaders.Single().Width);
        Assert.True(plan.MaskHeader!.HasAlpha);
        Assert.Equal(new[] { _f.Combine("out/rgb-0.png"), _f.Combine("out/rgb-1.png") }, plan.OutputPaths);
    }

    [Fact]
    public void Unknown_model_has_no_rule_and_the_default_model_has_one()
    {
        Assert.Null(ImageEditValidator.Validate(new R { Model = "gpt-image-9", Prompt = "p", Images = { _f.Gif } }).Rule);
        Assert.Equal(ImageModelRules.DefaultModel, ImageEditValidator.Validate(new R { Prompt = "p", Images = { _f.Jpeg } }).Rule!.Name);
    }

    public void Dispose() => _f.Dispose();
}

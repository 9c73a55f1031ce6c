using OpenAI.PowerShell.TestSupport;

namespace OpenAI.PowerShell.Engine.Tests.Images;

/// <summary>A temp directory holding one of each kind of input the checks care about.</summary>
public sealed class ImageFixtures : IDisposable
{
    public const long MiB = 1024 * 1024;
    private readonly TestFiles _dir = new();

    public ImageFixtures()
    {
        Rgba512 = _dir.Write("rgba.png", TestImages.Png(512, 512, colorType: 6));
        Gray512 = _dir.Write("gray-alpha.png", TestImages.Png(512, 512, colorType: 4));
        Rgb512 = _dir.Write("rgb.png", TestImages.Png(512, 512, colorType: 2));
        RgbTrns512 = _dir.Write("rgb-trns.png", TestImages.Png(512, 512, colorType: 2, trns: true));
        Wide = _dir.Write("wide.png", TestImages.Png(512, 256, colorType: 6));
        Jpeg = _dir.Write("photo.jpg", TestImages.Jpeg(512, 512));
        Webp = _dir.Write("pic.webp", TestImages.WebpExtended(512, 512, alpha: true));
        Gif = _dir.Write("anim.gif", "GIF89a\u0001\u0000\u0001\u0000"u8.ToArray());
        Broken = _dir.Write("broken.png", TestImages.Png(512, 512).Take(20).ToArray());
        Empty = _dir.Write("empty.png", Array.Empty<byte>());
        Mask512 = _dir.Write("mask.png", TestImages.Png(512, 512, colorType: 6));
        Mask256 = _dir.Write("mask-small.png", TestImages.Png(256, 256, colorType: 6));
        MaskNoAlpha = _dir.Write("mask-rgb.png", TestImages.Png(512, 512, colorType: 2));
        Missing = _dir.Combine("missing.png");
    }

    public string Directory => _dir.Root;
    public string Rgba512 { get; }
    public string Gray512 { get; }
    public string Rgb512 { get; }
    public string RgbTrns512 { get; }
    public string Wide { get; }
    public string Jpeg { get; }
    public string Webp { get; }
    public string Gif { get; }
    public string Broken { get; }
    public string Empty { get; }
    public string Mask512 { get; }
    public string Mask256 { get; }
    public string MaskNoAlpha { get; }
    public string Missing { get; }

    /// <summary>A valid 512x512 RGBA PNG of exactly this many bytes (padded with a private chunk).</summary>
    public string PngOfLength(string name, long length)
    {
        var head = TestImages.Png(512, 512, colorType: 6);
        var bytes = TestImages.Png(512, 512, colorType: 6, padding: (int)(length - head.Length - 12));
        Assert.Equal(length, bytes.Length);
        return _dir.Write(name, bytes);
    }

    /// <summary>A PNG header followed by zeros up to the length; sparse, so 50 MiB costs nothing.</summary>
    public string SparsePng(string name, long length)
    {
        var path = _dir.Write(name, TestImages.Png(512, 512, colorType: 6));
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
        stream.SetLength(length);
        return path;
    }

    public string Copy(string source, string name)
    {
        var path = _dir.Combine(name);
        File.Copy(source, path);
        return path;
    }

    public string Combine(string name) => _dir.Combine(name);

    public void Dispose() => _dir.Dispose();
}

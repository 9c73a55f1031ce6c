using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using OpenAI.Emulator.Png;

namespace OpenAI.Emulator.Images;

/// <summary>
/// Deterministic output images (colour from a hash of prompt and index) and the store behind
/// the emulator's download URLs.
/// </summary>
internal sealed class GeneratedImages
{
    private const int CacheLimit = 64;
    private readonly ConcurrentDictionary<string, byte[]> _downloads = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(int, int, int, byte), byte[]> _cache = new();

    /// <summary>PNG for output <paramref name="index"/>; <paramref name="variant"/> > 0 marks partial images.</summary>
    public byte[] Render(string prompt, int index, int variant, int width, int height, bool transparent)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{prompt}\n{index}\n{variant}"));
        var rgb = (hash[0] << 16) | (hash[1] << 8) | hash[2];
        var alpha = transparent ? (byte)128 : (byte)255;
        var key = (width, height, rgb, alpha);
        if (_cache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var png = PngWriter.Create(width, height, hash[0], hash[1], hash[2], alpha);
        if (_cache.Count >= CacheLimit)
        {
            _cache.Clear();
        }

        _cache[key] = png;
        return png;
    }

    /// <summary>Keeps the bytes for download and returns the id used in the URL.</summary>
    public string Publish(byte[] png)
    {
        var id = Http.Ids.Image();
        _downloads[id] = png;
        return id;
    }

    public byte[]? Find(string id) => _downloads.TryGetValue(id, out var png) ? png : null;
}

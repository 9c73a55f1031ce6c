using System.IO;
using System.Net.Http;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.IO;
using OpenAI.PowerShell.Model;

namespace OpenAI.PowerShell.Images;

/// <summary>
/// Writes edited images to disk. Every target is checked before anything is written, each image
/// goes to a temp file in the target's directory first, and only complete files are renamed into
/// place, so a failed decode or download leaves nothing behind.
/// </summary>
internal sealed class ImageSaver
{
    private const int BufferSize = 81920;
    private readonly HttpClient _downloads;
    private readonly TimeSpan _timeout;
    private readonly Uri? _proxy;

    /// <param name="downloads">Used for url results; must not carry the API key (HttpClientPool.GetForDownloads).</param>
    /// <param name="proxy">The proxy <paramref name="downloads"/> goes through, to name it when it cannot be reached.</param>
    public ImageSaver(HttpClient downloads, TimeSpan? timeout = null, Uri? proxy = null)
    {
        _downloads = downloads ?? throw new ArgumentNullException(nameof(downloads));
        _timeout = timeout ?? ClientSettings.DefaultTimeout;
        _proxy = proxy;
    }

    /// <summary>Throws OpenAI.OutputExists, naming the first path that exists, and writes nothing.</summary>
    public static void EnsureNoneExist(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            if (File.Exists(path) || Directory.Exists(path))
            {
                throw ImageEditChecks.NoOverwrite.Fail(path, $"'{path}' already exists. Use -Force to overwrite it.");
            }
        }
    }

    /// <summary>Saves one image to an explicit file and sets its Path.</summary>
    public async Task<string> SaveAsync(EditedImage image, string path, bool force, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        await WriteAllAsync(new[] { new Item(full, image.Data, image.Url) }, force, cancellationToken).ConfigureAwait(false);
        image.Path = full;
        return full;
    }

    /// <summary>Saves every image as &lt;stem&gt;-&lt;index&gt;.&lt;ext&gt;, all or none, and sets their Paths.</summary>
    public async Task<IReadOnlyList<string>> SaveToDirectoryAsync(IReadOnlyList<EditedImage> images, string directory, string stem,
        bool force, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(directory);
        var items = images
            .Select(image => new Item(ImageFileNames.ForImage(full, stem, image.Index, image.OutputFormat), image.Data, image.Url))
            .ToList();
        await WriteAllAsync(items, force, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < images.Count; i++)
        {
            images[i].Path = items[i].Target;
        }
        return items.Select(i => i.Target).ToList();
    }

    /// <summary>Saves a streamed partial image as &lt;stem&gt;-partial-&lt;sequence&gt;.&lt;ext&gt; and sets its Path.</summary>
    public async Task<string> SavePartialAsync(PartialImage partial, string directory, string stem, bool force, CancellationToken cancellationToken)
    {
        var target = ImageFileNames.ForPartial(Path.GetFullPath(directory), stem, partial.Sequence, partial.OutputFormat);
        await WriteAllAsync(new[] { new Item(target, partial.Data, null) }, force, cancellationToken).ConfigureAwait(false);
        partial.Path = target;
        return target;
    }

    private async Task WriteAllAsync(IReadOnlyList<Item> items, bool force, CancellationToken cancellationToken)
    {
        if (!force)
        {
            EnsureNoneExist(items.Select(i => i.Target));
        }
        var committed = new List<string>();
        var createdDirectories = new List<string>();
        try
        {
            foreach (var item in items)
            {
                var directory = Path.GetDirectoryName(item.Target)!;
                CreateDirectory(directory, createdDirectories);
                item.Temp = TempBeside(item.Target);
                await WriteTempAsync(item, cancellationToken).ConfigureAwait(false);
            }
            foreach (var item in items)
            {
                Commit(item.Temp!, item.Target, force);
                item.Temp = null;
                committed.Add(item.Target);
            }
        }
        catch (Exception ex)
        {
            // All or none: new files from this call go too (never a file that was overwritten with force).
            if (!force)
            {
                committed.ForEach(TryDelete);
            }
            RemoveIfEmpty(items, createdDirectories);
            if (ex is OpenAIException or OperationCanceledException)
            {
                throw;
            }
            throw new OpenAIException(ErrorIds.SaveFailed,
                $"Saving the image failed: {ex.Message}", ex) { Target = items.FirstOrDefault(i => i.Temp is not null)?.Target };
        }
        finally
        {
            foreach (var item in items)
            {
                if (item.Temp is not null)
                {
                    TryDelete(item.Temp);
                }
            }
        }
    }

    private async Task WriteTempAsync(Item item, CancellationToken cancellationToken)
    {
        using var file = new FileStream(item.Temp!, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, useAsync: true);
        if (item.Data is { } data)
        {
            await file.WriteAsync(data, 0, data.Length, cancellationToken).ConfigureAwait(false);
        }
        else if (item.Url is { } url)
        {
            await DownloadAsync(url, file, item.Target, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            throw new OpenAIException(ErrorIds.NoImageData,
                "The server returned an image with neither b64_json nor url.") { Target = item.Target };
        }
        await file.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Streams the url to the file; the download client sends no API key.</summary>
    private async Task DownloadAsync(string url, Stream file, string target, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw Failed(target, $"the image URL '{url}' is not http or https.", null);
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        try
        {
            using var response = await _downloads.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw Failed(target, $"{uri.GetLeftPart(UriPartial.Path)} answered {(int)response.StatusCode} {response.ReasonPhrase}.", null);
            }
            var expected = response.Content.Headers.ContentLength;
            if (expected > MaxDownloadBytes)
            {
                throw Failed(target, $"the answer is {ByteSize.Format(expected.Value)}, more than the {ByteSize.Format(MaxDownloadBytes)} an image can be.", null);
            }
            using var source = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            using var unblock = timeout.Token.Register(response.Dispose);
            var buffer = new byte[BufferSize];
            var start = new MemoryStream();
            long total = 0;
            int read;
            while ((read = await source.ReadAsync(buffer, 0, buffer.Length, timeout.Token).ConfigureAwait(false)) > 0)
            {
                total += read;
                if (total > MaxDownloadBytes)
                {
                    throw Failed(target, $"the answer went on past {ByteSize.Format(MaxDownloadBytes)}, more than an image can be.", null);
                }
                if (start.Length < SniffBytes)
                {
                    start.Write(buffer, 0, (int)Math.Min(read, SniffBytes - start.Length));
                }
                await file.WriteAsync(buffer, 0, read, timeout.Token).ConfigureAwait(false);
            }
            if (expected is { } length && total != length)
            {
                throw Failed(target, $"the download ended after {total} of {length} bytes.", null);
            }
            // A proxy's sign-in page or an expired link's error page answers 200 too: only an image is saved as one.
            if (ImageHeaderReader.KindOf(start.ToArray()) == ImageKind.Unknown)
            {
                var type = response.Content.Headers.ContentType?.MediaType ?? "no content type";
                throw Failed(target, $"the answer is not a PNG, JPEG or WebP image ({type}, {ByteSize.Count(total)} bytes).", null);
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested
            && ex is HttpRequestException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            var reason = ex is OperationCanceledException || timeout.IsCancellationRequested
                ? $"the download timed out after {_timeout.TotalSeconds:0} s."
                : OpenAIClient.ConnectionFailure(ex, _proxy);
            throw Failed(target, reason, ex);
        }
    }

    /// <summary>Larger than any image the API makes (a 3840x2160 PNG of noise is about 33 MB).</summary>
    internal const long MaxDownloadBytes = 128L * 1024 * 1024;
    private const int SniffBytes = 64;

    private static OpenAIException Failed(string target, string reason, Exception? inner) =>
        new(ErrorIds.DownloadFailed, $"Downloading the image for '{target}' failed: {reason}", inner)
        {
            Target = target,
        };

    /// <summary>
    /// Writes bytes already in memory (EditedImage.Save) through a temp file beside the target, so a
    /// failed write leaves neither a partial file nor a changed one. Throws the IO error as it is.
    /// </summary>
    internal static void WriteFile(string target, byte[] data, bool force)
    {
        var temp = TempBeside(target);
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                file.Write(data, 0, data.Length);
            }
            Commit(temp, target, force);
        }
        finally
        {
            TryDelete(temp);
        }
    }

    private static string TempBeside(string target) => AtomicFile.TempBeside(target);

    private static void Commit(string temp, string target, bool force) =>
        AtomicFile.Commit(temp, target, force, existing => ImageEditChecks.NoOverwrite.Fail(existing, $"'{existing}' already exists. Use -Force to overwrite it."));

    /// <summary>Creates <paramref name="directory"/> and notes each folder that did not exist, outermost first.</summary>
    private static void CreateDirectory(string directory, List<string> created)
    {
        var missing = new Stack<string>();
        for (var d = directory; !string.IsNullOrEmpty(d) && !Directory.Exists(d); d = Path.GetDirectoryName(d))
        {
            missing.Push(d);
        }
        Directory.CreateDirectory(directory);
        created.AddRange(missing.Where(d => !created.Contains(d, StringComparer.Ordinal)));
    }

    /// <summary>
    /// After a failure, removes the folders this call created, innermost first, when nothing is
    /// left in them: a failed download must not leave an empty folder behind.
    /// </summary>
    private static void RemoveIfEmpty(IReadOnlyList<Item> items, List<string> created)
    {
        foreach (var item in items)
        {
            if (item.Temp is not null)
            {
                TryDelete(item.Temp);
                item.Temp = null;
            }
        }
        foreach (var directory in created.OrderByDescending(d => d.Length))
        {
            try
            {
                if (!Directory.EnumerateFileSystemEntries(directory).Any())
                {
                    Directory.Delete(directory);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Best effort, like the temp files.
            }
        }
    }

    private static void TryDelete(string path) => AtomicFile.TryDelete(path);

    private sealed class Item
    {
        public Item(string target, byte[]? data, string? url)
        {
            Target = target;
            Data = data;
            Url = url;
        }

        public string Target { get; }
        public byte[]? Data { get; }
        public string? Url { get; }
        public string? Temp { get; set; }
    }
}

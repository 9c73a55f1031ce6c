using System.IO;
using System.Net.Http;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.IO;
using OpenAI.PowerShell.Model;
using OpenAI.PowerShell.Uploads;

namespace OpenAI.PowerShell.Files;

/// <summary>
/// Saves a File's content to disk: streamed through a temp file beside the target and renamed at
/// the end, so memory stays flat in the file's size and a failed download leaves nothing behind.
/// A body cut off part way is fetched again from the start, as often as requests are retried.
/// </summary>
internal sealed class FileDownloader
{
    private const int BufferSize = 81920;
    private readonly FileService _files;
    private readonly TimeSpan _idleTimeout;

    public FileDownloader(FileService files, TimeSpan idleTimeout)
    {
        _files = files;
        _idleTimeout = idleTimeout;
    }

    /// <summary>
    /// Writes <paramref name="file"/>'s content to <paramref name="target"/>. Its Bytes, when known,
    /// must match what arrives: a proxy's HTML page answered with 200 is not the file.
    /// </summary>
    public async Task SaveAsync(OpenAIFile file, string target, bool force, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        EnsureCanWrite(target, force);
        var temp = AtomicFile.TempBeside(target);
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    await DownloadAsync(file, temp, progress, cancellationToken).ConfigureAwait(false);
                    break;
                }
                catch (BodyInterrupted interrupted)
                {
                    // The status was 200, so the File is there: only its bytes were lost on the way.
                    if (attempt >= _files.MaxRetries)
                    {
                        throw new OpenAIException(ErrorIds.DownloadFailed,
                            $"{interrupted.Message} (tried {attempt + 1} time(s)); nothing was saved.", interrupted.InnerException) { Target = file.Id, Attempts = attempt + 1 };
                    }
                }
            }
            Local(target, () =>
            {
                AtomicFile.Commit(temp, target, force, Exists);
                return true;
            });
        }
        finally
        {
            AtomicFile.TryDelete(temp);
        }
    }

    /// <summary>Creates the folder files are saved into; a path that cannot be a folder is OpenAI.SaveFailed.</summary>
    public static void EnsureFolder(string folder) => Local(folder, () => Directory.CreateDirectory(folder));

    /// <summary>
    /// A local file operation: a read-only folder, a full disk or a file where a folder should be is
    /// OpenAI.SaveFailed, never retried as the network's fault.
    /// </summary>
    private static T Local<T>(string path, Func<T> operation)
    {
        try
        {
            return operation();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw SaveFailed(path, ex);
        }
    }

    private static async Task LocalAsync(string path, Func<Task> operation)
    {
        try
        {
            await operation().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw SaveFailed(path, ex);
        }
    }

    private static OpenAIException SaveFailed(string path, Exception ex) =>
        new(ErrorIds.SaveFailed, $"Could not write '{path}': {ex.Message} Nothing was saved there.", ex) { Target = path };

    public static void EnsureCanWrite(string target, bool force)
    {
        if (Directory.Exists(target) || (!force && File.Exists(target)))
        {
            throw Exists(target);
        }
    }

    private static OpenAIException Exists(string target) =>
        new(ErrorIds.OutputExists, Directory.Exists(target)
            ? $"'{target}' is a folder that already exists where the file would be written."
            : $"'{target}' already exists. Use -Force to overwrite it.") { Target = target };

    private async Task DownloadAsync(OpenAIFile file, string temp, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        using var response = await _files.OpenContentAsync(file.Id, cancellationToken).ConfigureAwait(false);
        var expected = file.Bytes > 0 ? file.Bytes : response.Content.Headers.ContentLength ?? 0;
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // A server that stops sending mid-body would otherwise hold the read for ever.
        using var unblock = idle.Token.Register(response.Dispose);
        var meter = new TransferProgress { FileName = file.FileName, TotalBytes = expected };
        var started = System.Diagnostics.Stopwatch.StartNew();
        long total = 0;
        using var output = Local(temp, () => new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, BufferSize, useAsync: true));
        try
        {
            using var source = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            var buffer = new byte[BufferSize];
            int read;
            while (true)
            {
                idle.CancelAfter(_idleTimeout);
                read = await source.ReadAsync(buffer, 0, buffer.Length, idle.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }
                await LocalAsync(temp, () => output.WriteAsync(buffer, 0, read, cancellationToken)).ConfigureAwait(false);
                total += read;
                meter.BytesSent = total;
                meter.BytesPerSecond = total / Math.Max(0.001, started.Elapsed.TotalSeconds);
                meter.Remaining = expected > total && meter.BytesPerSecond > 0 ? TimeSpan.FromSeconds((expected - total) / meter.BytesPerSecond) : null;
                progress?.Report(meter);
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested
            && ex is HttpRequestException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            var reason = ex is OperationCanceledException || idle.IsCancellationRequested
                ? $"nothing arrived for {_idleTimeout.TotalSeconds:0} s"
                : ex.GetBaseException().Message;
            throw new BodyInterrupted($"Downloading File '{file.Id}' broke off after {ByteSize.Count(total)} bytes: {reason}", ex);
        }
        if (file.Bytes > 0 && total != file.Bytes)
        {
            var type = response.Content.Headers.ContentType?.MediaType ?? "no content type";
            throw new OpenAIException(ErrorIds.DownloadFailed,
                $"File '{file.Id}' has {ByteSize.Count(file.Bytes)} bytes, but the server sent {ByteSize.Count(total)} ({type}); nothing was saved.") { Target = file.Id };
        }
    }

    private sealed class BodyInterrupted : Exception
    {
        public BodyInterrupted(string message, Exception inner) : base(message, inner)
        {
        }
    }
}

namespace OpenAI.PowerShell.Uploads;

/// <summary>
/// Computes a file's md5 with one in-order reader that runs beside the part senders. Feeding
/// parallel parts from one in-order reader would have to hold up to ThrottleLimit parts in memory;
/// this reader shares the parts' reads through the OS page cache instead, and costs only CPU.
/// </summary>
internal static class SequentialHasher
{
    private const int BufferSize = 1024 * 1024;

    public static Task HashAsync(string path, long length, OrderedMd5 md5, long baseOffset, CancellationToken cancellationToken) =>
        Task.Run(async () =>
        {
            try
            {
                await HashCoreAsync(path, length, md5, baseOffset, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new Http.OpenAIException(Http.ErrorIds.FileReadFailed,
                    $"'{path}' could not be read for its md5: {ex.Message}", ex) { Target = path };
            }
        }, cancellationToken);

    private static async Task HashCoreAsync(string path, long length, OrderedMd5 md5, long baseOffset, CancellationToken cancellationToken)
    {
        var buffer = new byte[BufferSize];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        long position = 0;
        while (position < length)
        {
            var read = await stream.ReadAsync(buffer, 0, (int)Math.Min(buffer.Length, length - position), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }
            md5.Feed(baseOffset + position, buffer, 0, read);
            position += read;
        }
    }
}

namespace OpenAI.Emulator.Http;

internal static class BodyDrain
{
    /// <summary>
    /// Reads and discards the rest of a request body, up to a cap, so an early error response
    /// reaches clients that only read after sending. Returns false when the cap was hit.
    /// </summary>
    public static async Task<bool> DrainAsync(Stream body, long cap, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        long total = 0;
        try
        {
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += read;
                if (total > cap)
                {
                    return false;
                }
            }

            return true;
        }
        catch (Exception e) when (e is IOException or BadHttpRequestException)
        {
            return false;
        }
    }
}

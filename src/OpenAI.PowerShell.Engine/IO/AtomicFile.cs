namespace OpenAI.PowerShell.IO;

/// <summary>
/// Writes that land whole or not at all: the bytes go to a hidden temp file beside the target,
/// which is renamed over it at the end, so a failure leaves neither a partial file nor a changed one.
/// </summary>
internal static class AtomicFile
{
    /// <summary>A hidden name in the target's folder, so the rename stays on one volume.</summary>
    public static string TempBeside(string target) =>
        Path.Combine(Path.GetDirectoryName(target)!, "." + Path.GetFileName(target) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp");

    /// <summary>
    /// Renames <paramref name="temp"/> to <paramref name="target"/>; without <paramref name="force"/> an
    /// existing target is never replaced, even one that appeared since it was checked.
    /// </summary>
    public static void Commit(string temp, string target, bool force, Func<string, Exception> exists)
    {
        try
        {
#if NET
            File.Move(temp, target, overwrite: force);
#else
            if (force && File.Exists(target))
            {
                File.Replace(temp, target, null);
            }
            else
            {
                File.Move(temp, target);
            }
#endif
        }
        catch (IOException) when (!force && File.Exists(target))
        {
            throw exists(target);
        }
    }

    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort; the caller's own error matters more.
        }
    }
}

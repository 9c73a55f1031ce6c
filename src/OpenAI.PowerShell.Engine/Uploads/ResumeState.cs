using System.Text.Json;
using System.Text.Json.Serialization;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Model;

namespace OpenAI.PowerShell.Uploads;

/// <summary>
/// What a later run needs to finish an upload: which file, as it was, and which parts are done.
/// It holds no secret: no key, no header, only ids and byte ranges.
/// </summary>
internal sealed class ResumeState
{
    public int Version { get; set; } = 1;
    public string UploadId { get; set; } = "";
    public string FilePath { get; set; } = "";
    public long FileLength { get; set; }
    public DateTime LastWriteTimeUtc { get; set; }
    public long PartSize { get; set; }
    public string Purpose { get; set; } = "";
    public DateTimeOffset ExpiresAt { get; set; }
    public List<ResumePart> Parts { get; set; } = new();

    /// <summary>
    /// The per-user state folder, not the file's own folder, which may be read-only. The name keeps
    /// the file's name for people and a hash of its full path so two files never share a record.
    /// </summary>
    public static string DefaultPathFor(string filePath) => System.IO.Path.Combine(StateFolder, RecordNameFor(filePath));

    /// <summary>
    /// "&lt;file name&gt;.&lt;hash of its full path&gt;.json", the name cut to 100 UTF-8 bytes: a file system
    /// takes 255 bytes a name, and the file's own name may already use them all.
    /// </summary>
    public static string RecordNameFor(string filePath)
    {
        var full = System.IO.Path.GetFullPath(filePath);
        var key = System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Windows)
            ? full.ToUpperInvariant() : full;
        using var sha = System.Security.Cryptography.SHA256.Create();
        var hash = OrderedMd5.ToHex(sha.ComputeHash(System.Text.Encoding.UTF8.GetBytes(key))).Substring(0, 16);
        return $"{Shorten(System.IO.Path.GetFileName(full), 100)}.{hash}.json";
    }

    private static string Shorten(string name, int maxBytes)
    {
        var bytes = 0;
        var end = 0;
        while (end < name.Length)
        {
            var width = char.IsHighSurrogate(name[end]) && end + 1 < name.Length ? 2 : 1;
            var size = System.Text.Encoding.UTF8.GetByteCount(name.ToCharArray(end, width));
            if (bytes + size > maxBytes)
            {
                break;
            }
            bytes += size;
            end += width;
        }
        return name.Substring(0, end);
    }

    /// <summary>Where resume records live unless -StatePath says otherwise.</summary>
    public static string StateFolder =>
        Environment.GetEnvironmentVariable("OPENAI_POWERSHELL_STATE_DIR") is { Length: > 0 } custom
            ? custom
            : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create),
                "OpenAI.PowerShell", "uploads");
}

internal sealed class ResumePart
{
    public int PartNumber { get; set; }
    public string Id { get; set; } = "";
    public long Offset { get; set; }
    public long Length { get; set; }

    public UploadPart ToPart(string uploadId) => new() { Id = Id, UploadId = uploadId, PartNumber = PartNumber, Offset = Offset, Length = Length };
}

/// <summary>Reads and writes resume records; every write goes to a temporary file that is then renamed over the record.</summary>
internal sealed class ResumeStore
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly object _gate = new();

    public ResumeStore(string path) => Path = path;

    public string Path { get; }

    public bool Exists => File.Exists(Path);

    public void Save(ResumeState state)
    {
        lock (_gate)
        {
            var temporary = Path + ".tmp-" + Guid.NewGuid().ToString("N");
            try
            {
                Write(state, temporary);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw Unwritable(ex);
            }
        }
    }

    private void Write(ResumeState state, string temporary)
    {
        try
        {
            if (System.IO.Path.GetDirectoryName(Path) is { Length: > 0 } folder)
            {
                Directory.CreateDirectory(folder);
            }
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                JsonSerializer.Serialize(stream, state, Json);
                stream.Flush(flushToDisk: true);
            }
            Replace(temporary, Path);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    public ResumeState Load()
    {
        ResumeState state;
        try
        {
            using var stream = File.OpenRead(Path);
            state = JsonSerializer.Deserialize<ResumeState>(stream, Json) ?? throw new JsonException("The record is empty.");
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new OpenAIException(ErrorIds.ResumeStateUnreadable,
                $"The resume record '{Path}' cannot be read: {ex.Message}", ex) { Target = Path };
        }
        if (ResumeRecordCheck.Problem(state) is { } problem)
        {
            throw new OpenAIException(ErrorIds.ResumeStateUnreadable,
                $"The resume record '{Path}' is not one this module wrote: {problem}. Nothing was sent; delete it and send the file again.") { Target = Path };
        }
        return state;
    }

    /// <summary>
    /// Holds the record for one run, so a second run on the same file (another window, a scheduled
    /// job) cannot write over it: the lock file beside it is opened exclusively and deleted on close.
    /// Creating it also proves the record's folder is writable before an upload is created.
    /// </summary>
    public IDisposable Claim()
    {
        var lockPath = Path + ".lock";
        try
        {
            if (System.IO.Path.GetDirectoryName(Path) is { Length: > 0 } folder)
            {
                Directory.CreateDirectory(folder);
            }
            return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw Unwritable(ex);
        }
        catch (IOException ex) when (File.Exists(lockPath) && !Directory.Exists(Path))
        {
            throw new OpenAIException(ErrorIds.ResumeStateInUse,
                $"Another run is sending this file: its resume record '{Path}' is in use. Wait for it to finish, or pass -StatePath to keep a record of its own.", ex) { Target = Path };
        }
        catch (IOException ex)
        {
            throw Unwritable(ex);
        }
    }

    private OpenAIException Unwritable(Exception ex) =>
        new(ErrorIds.ResumeStateUnwritable,
            $"The resume record '{Path}' cannot be written: {ex.Message} Pass -StatePath to keep it somewhere writable.", ex) { Target = Path };

    /// <summary>Best effort: a record left behind is harmless, and failing here would lose a completed upload.</summary>
    public void Delete()
    {
        lock (_gate)
        {
            try
            {
                File.Delete(Path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>Refuses to resume onto a file that changed, or an upload that has expired.</summary>
    public static void EnsureResumable(ResumeState state, string filePath, DateTimeOffset now)
    {
        var file = LocalFile.Of(filePath);
        var pathComparison = System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Windows)
            ? StringComparison.OrdinalIgnoreCase
            : StringComparison.Ordinal;
        if (!string.Equals(System.IO.Path.GetFullPath(state.FilePath), file.FullPath, pathComparison)
            || file.Length != state.FileLength
            || file.LastWriteTimeUtc != state.LastWriteTimeUtc)
        {
            throw new OpenAIException(ErrorIds.ResumeFileChanged,
                $"'{filePath}' is not the file upload '{state.UploadId}' started with: it had {ByteSize.Count(state.FileLength)} bytes written {state.LastWriteTimeUtc:u}, it now has {ByteSize.Count(file.Length)} bytes written {file.LastWriteTimeUtc:u}. Start a new upload without -Resume.")
            { Target = filePath };
        }
        if (state.ExpiresAt <= now)
        {
            throw new OpenAIException(ErrorIds.UploadExpired,
                $"Upload '{state.UploadId}' expired at {state.ExpiresAt.ToLocalTime():u}; it cannot be resumed. Start a new upload without -Resume.")
            { Target = state.UploadId };
        }
    }

    private static void Replace(string source, string destination)
    {
#if NET
        File.Move(source, destination, overwrite: true);
#else
        if (File.Exists(destination))
        {
            File.Replace(source, destination, null);
        }
        else
        {
            File.Move(source, destination);
        }
#endif
    }
}

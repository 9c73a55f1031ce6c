using System.IO;

namespace OpenAI.PowerShell.Uploads;

/// <summary>
/// A file as its bytes will be read. A symbolic link (a ConfigMap or secret mounted in a container is
/// one) reports its own size, the length of the link text, while opening it reads its target; so the
/// size and write time that describe the bytes are the final target's. Reading needs nothing else:
/// opening the path follows the link.
/// </summary>
internal sealed class LocalFile
{
    private LocalFile(string fullPath, bool exists, long length, DateTime lastWriteTimeUtc)
    {
        FullPath = fullPath;
        Exists = exists;
        Length = length;
        LastWriteTimeUtc = lastWriteTimeUtc;
    }

    /// <summary>The path as given, made full: a link keeps its own name and path.</summary>
    public string FullPath { get; }
    public string Name => Path.GetFileName(FullPath);
    /// <summary>False for a missing file, and for a link whose target is missing.</summary>
    public bool Exists { get; }
    public long Length { get; }
    public DateTime LastWriteTimeUtc { get; }

    public static LocalFile Of(string path)
    {
        var file = new FileInfo(path);
#if NET
        if (file.LinkTarget is not null)
        {
            var target = file.ResolveLinkTarget(returnFinalTarget: true) as FileInfo;
            return target is { Exists: true }
                ? new LocalFile(file.FullName, true, target.Length, target.LastWriteTimeUtc)
                : new LocalFile(file.FullName, false, 0, default);
        }
#else
        // .NET Framework has no link API: a link's handle gives its target's length.
        if (file.Exists && (file.Attributes & FileAttributes.ReparsePoint) != 0)
        {
            using var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return new LocalFile(file.FullName, true, stream.Length, File.GetLastWriteTimeUtc(file.FullName));
        }
#endif
        return file.Exists
            ? new LocalFile(file.FullName, true, file.Length, file.LastWriteTimeUtc)
            : new LocalFile(file.FullName, false, 0, default);
    }
}

using System.Management.Automation;
using OpenAI.PowerShell.Async;
using OpenAI.PowerShell.Binding;
using OpenAI.PowerShell.Completers;
using OpenAI.PowerShell.Files;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Model;

namespace OpenAI.PowerShell.Commands;

/// <summary>
/// Downloads Files' content to -Destination: a folder (the File's own name is used) or, for one File,
/// a file path. Each download streams to a temp file that is renamed at the end; an existing file is
/// never overwritten without -Force, and a failed download leaves nothing. Writes the saved FileInfo.
/// </summary>
[Cmdlet(VerbsData.Save, "OAIFile", SupportsShouldProcess = true, HelpUri = "https://github.com/openai-powershell/OpenAI.PowerShell/blob/main/docs/en-US/Save-OAIFile.md")]
[OutputType(typeof(FileInfo))]
public sealed class SaveOAIFileCommand : OpenAIApiCmdlet
{
    private const int ActivityId = 1;
    // Two names that differ only in case are one file where the file system ignores case (Windows, macOS by default).
    private readonly HashSet<string> _targets = new(System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Linux) ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _saved = new(StringComparer.Ordinal);
    private string? _destination;
    private bool _toFolder;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [FileIdInput]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(FileIdCompleter))]
    public string[] FileId { get; set; } = Array.Empty<string>();

    /// <summary>A folder, or a file path for one File; the current location when omitted.</summary>
    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    public string? Destination { get; set; }

    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override Task BeginProcessingAsync()
    {
        var given = Destination ?? ".";
        _destination = ResolveFileSystemPath(given)!;
        // A trailing separator says "folder" even before the folder exists.
        _toFolder = Directory.Exists(_destination) || given.EndsWith("/", StringComparison.Ordinal) || given.EndsWith("\\", StringComparison.Ordinal);
        var folder = _toFolder ? _destination : Path.GetDirectoryName(_destination);
        if (!_toFolder && !Directory.Exists(folder))
        {
            CheckArgument(() => throw new OpenAIException(ErrorIds.FileNotFound,
                $"The folder '{folder}' does not exist. Create it, or end -Destination with '{Path.DirectorySeparatorChar}' to save into a new folder.") { Target = Destination });
        }
        return Task.CompletedTask;
    }

    // A File piped in twice (its Upload and itself) is saved once.
    protected override Task ProcessRecordAsync() => ForEachAsync(FileId.Where(id => _saved.Add(id)).ToList(), SaveAsync);

    private async Task SaveAsync(string fileId)
    {
        FileService.CheckId(fileId);
        var file = await Files.GetAsync(fileId, StopToken).ConfigureAwait(false);
        State.Files.Saw(file.Id);
        var target = _toFolder ? Path.Combine(_destination!, LocalName(file)) : _destination!;
        if (!_targets.Add(target))
        {
            throw new OpenAIException(ErrorIds.OutputConflict, _toFolder
                ? $"File '{file.Id}' would be saved as '{target}', which an earlier File of this command was saved as; nothing was overwritten."
                : $"-Destination '{Destination}' names one file, and a second File ('{file.Id}') came: give a folder to save several.") { Target = file.Id };
        }
        FileDownloader.EnsureCanWrite(target, Force.IsPresent);
        if (!await ShouldProcessAsync(target, $"Save File '{file.Id}' ({ByteSize.Format(file.Bytes)})").ConfigureAwait(false))
        {
            return;
        }
        if (_toFolder)
        {
            FileDownloader.EnsureFolder(_destination!);
        }
        var bar = new ProgressBar(WriteProgressAsync, ActivityId, $"Save {file.FileName}");
        try
        {
            await new FileDownloader(Files, Client.Settings.Timeout).SaveAsync(file, target, Force.IsPresent, bar, StopToken).ConfigureAwait(false);
        }
        finally
        {
            await bar.CompleteAsync().ConfigureAwait(false);
        }
        await WriteItemAsync(target).ConfigureAwait(false);
    }

    /// <summary>The File's own name, made safe for this file system; its id when nothing of the name is left.</summary>
    internal static string LocalName(OpenAIFile file) => SafeName(file.FileName, file.Id);

    /// <summary>A name from the server (a File's, a custom_id) made one safe file name; <paramref name="fallback"/> when nothing of it is left.</summary>
    internal static string SafeName(string name, string fallback)
    {
        var invalid = Path.GetInvalidFileNameChars();
        var safe = new string(Path.GetFileName(name.Replace('\\', '/')).Select(c => invalid.Contains(c) || char.IsControl(c) ? '_' : c).ToArray()).Trim();
        return safe.Length == 0 || safe.Trim('.').Length == 0 ? fallback : safe;
    }
}

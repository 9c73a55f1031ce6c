using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenAI.PowerShell.Batches;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Model;

namespace OpenAI.PowerShell.Images;

/// <summary>
/// New-OAIImageEdit -AsBatch before anything is sent: checked edits become lines of a draft file on
/// disk as they arrive, with local images named by number, since their Files do not exist yet. Each
/// local file is counted once however many lines use it. <see cref="WriteLines"/> then writes the
/// real request lines, with the Files' ids, into batch files.
/// </summary>
internal sealed class ImageBatchDraft : IDisposable
{
    public const string Endpoint = "/v1/images/edits";
    private const int MaxCustomIdLength = 64;
    private static readonly StringComparer PathComparer =
        Environment.OSVersion.Platform == PlatformID.Win32NT ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    private readonly string _path;
    private readonly FileStream _draft;
    private readonly Dictionary<string, int> _localIndex = new(PathComparer);
    private readonly List<string> _localFiles = new();
    private readonly HashSet<string> _customIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _nextSuffix = new(StringComparer.Ordinal);
    private readonly MemoryStream _line = new();

    public ImageBatchDraft()
    {
        _path = Path.Combine(Path.GetTempPath(), "oai-image-batch-" + Guid.NewGuid().ToString("N") + ".jsonl");
        _draft = new FileStream(_path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920);
    }

    public long Lines { get; private set; }

    /// <summary>The distinct local images and masks, in the order lines first used them.</summary>
    public IReadOnlyList<string> LocalFiles => _localFiles;

    /// <summary>
    /// Adds one checked edit. <paramref name="customId"/> is the user's, which must be new in the run;
    /// without it one is made from <paramref name="sourceName"/>, made unique with -2, -3 and so on.
    /// Returns the custom_id used.
    /// </summary>
    public string Add(ImageEditRequest request, string? customId, string sourceName)
    {
        var id = customId is null ? NewCustomId(sourceName) : UserCustomId(customId);
        var body = ImageEditContent.JsonBody(request);
        var local = new List<int>();
        foreach (var image in request.Images)
        {
            local.Add(IndexOf(image));
        }
        // Local images come first, as the user listed them, then file ids and URLs.
        body.Images.InsertRange(0, request.Images.Select(_ => new ImageRefWire { FileId = "" }));
        local.AddRange(Enumerable.Repeat(-1, body.Images.Count - local.Count));
        var maskLocal = request.Mask is { } mask ? IndexOf(mask) : -1;
        if (maskLocal >= 0)
        {
            body.Mask = new ImageRefWire { FileId = "" };
        }
        var draft = new DraftLine { CustomId = id, Local = local, MaskLocal = maskLocal, Body = body };
        _line.SetLength(0);
        JsonSerializer.Serialize(_line, draft, JsonDefaults.Options);
        _line.WriteByte((byte)'\n');
        _draft.Write(_line.GetBuffer(), 0, (int)_line.Length);
        _customIds.Add(id);
        Lines++;
        return id;
    }

    /// <summary>Writes every line, with each local file's id from <paramref name="fileIdOf"/>, into <paramref name="writer"/>.</summary>
    public void WriteLines(BatchChunkWriter writer, Func<int, string> fileIdOf, CancellationToken cancellationToken)
    {
        _draft.Flush();
        _draft.Position = 0;
        using var reader = new StreamReader(_draft, new UTF8Encoding(false), false, 81920, leaveOpen: true);
        string? text;
        while ((text = reader.ReadLine()) is not null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var line = JsonNode.Parse(text)!.AsObject();
            var body = line["body"]!.AsObject();
            var images = body["images"]!.AsArray();
            var local = line["local"]!.AsArray();
            for (var i = 0; i < local.Count; i++)
            {
                if (local[i]!.GetValue<int>() is var index and >= 0)
                {
                    images[i]!["file_id"] = fileIdOf(index);
                }
            }
            if (line["mask_local"]!.GetValue<int>() is var mask and >= 0)
            {
                body["mask"]!["file_id"] = fileIdOf(mask);
            }
            _line.SetLength(0);
            using (var json = new Utf8JsonWriter(_line))
            {
                json.WriteStartObject();
                json.WriteString("custom_id", line["custom_id"]!.GetValue<string>());
                json.WriteString("method", "POST");
                json.WriteString("url", Endpoint);
                json.WritePropertyName("body");
                body.WriteTo(json);
                json.WriteEndObject();
            }
            writer.Add(_line.GetBuffer(), (int)_line.Length);
        }
        _draft.Position = _draft.Length;
    }

    /// <summary>A readable custom_id from an input's name: letters, digits, '-', '_' and '.'; others become '_'.</summary>
    internal static string Readable(string name)
    {
        var stem = Path.GetFileNameWithoutExtension(name.Trim());
        var builder = new StringBuilder(Math.Min(stem.Length, MaxCustomIdLength));
        foreach (var c in stem)
        {
            if (builder.Length == MaxCustomIdLength - 8)
            {
                // Room for a -NNNNNNN suffix that keeps it unique.
                break;
            }
            builder.Append(char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
        }
        var text = builder.ToString().Trim('.');
        return text.Length == 0 ? "image" : text;
    }

    private string NewCustomId(string sourceName)
    {
        var stem = Readable(sourceName);
        var id = stem;
        // Where to go on counting for each name, so an image used by every line costs no search.
        var n = _nextSuffix.TryGetValue(stem, out var next) ? next : 2;
        while (_customIds.Contains(id))
        {
            id = $"{stem}-{n++}";
        }
        _nextSuffix[stem] = n;
        return id;
    }

    private string UserCustomId(string customId)
    {
        var id = customId.Trim();
        if (id.Length == 0)
        {
            throw new OpenAIException(ErrorIds.InvalidBatchLine, "-CustomId gave an empty custom_id; each line needs one to map its result back.") { Target = customId };
        }
        if (_customIds.Contains(id))
        {
            throw new OpenAIException(ErrorIds.DuplicateCustomId,
                $"The custom_id '{id}' is used by an earlier edit in this run; each needs its own to map its result back.") { Target = id };
        }
        return id;
    }

    private int IndexOf(string path)
    {
        if (!_localIndex.TryGetValue(path, out var index))
        {
            index = _localFiles.Count;
            _localIndex[path] = index;
            _localFiles.Add(path);
        }
        return index;
    }

    public void Dispose()
    {
        _draft.Dispose();
        try
        {
            File.Delete(_path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: the temp folder is the system's to clean.
        }
    }

    private sealed class DraftLine
    {
        [System.Text.Json.Serialization.JsonPropertyName("custom_id")] public string CustomId { get; set; } = "";
        [System.Text.Json.Serialization.JsonPropertyName("local")] public List<int> Local { get; set; } = new();
        [System.Text.Json.Serialization.JsonPropertyName("mask_local")] public int MaskLocal { get; set; }
        [System.Text.Json.Serialization.JsonPropertyName("body")] public ImageEditJsonBodyWire Body { get; set; } = new();
    }
}

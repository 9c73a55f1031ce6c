using System.Text;
using System.Text.Json;
using OpenAI.PowerShell.Images;
using OpenAI.PowerShell.TestSupport;

namespace Benchmarks;

/// <summary>
/// The imagebatch section's inputs and clean-up: the PNGs the edits use, image-edit batch input files
/// made by the program (for the receive rows), and the emulator's Files and batches to clear between runs.
/// </summary>
internal static class ImageBatchFiles
{
    public const string Prompt = "Put a small red hat on the subject; keep the background as it is.";

    /// <summary>Writes <paramref name="count"/> RGB PNGs of random pixels, 256 wide and about <paramref name="bytes"/> each; returns their total size.</summary>
    public static long WriteImages(string folder, int count, long bytes, int seed)
    {
        Directory.CreateDirectory(folder);
        long total = 0;
        for (var i = 1; i <= count; i++)
        {
            var path = Path.Combine(folder, $"img-{i:D2}.png");
            TestImages.WriteLargePng(path, bytes, seed + i, width: 256);
            total += new FileInfo(path).Length;
        }
        return total;
    }

    /// <summary>
    /// A batch input file of <paramref name="lines"/> image edits of one File, each line as New-OAIImageEdit -AsBatch
    /// writes it (the default model, the prompt, the image by file_id), custom_ids edit-1, edit-2, ...
    /// </summary>
    public static void WriteEditLines(string path, int lines, string fileId)
    {
        using var file = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        for (var i = 1; i <= lines; i++)
        {
            file.Write(JsonSerializer.Serialize(new
            {
                custom_id = $"edit-{i}",
                method = "POST",
                url = "/v1/images/edits",
                body = new { model = ImageModelRules.DefaultModel, prompt = Prompt, images = new[] { new { file_id = fileId } } },
            }));
            file.Write('\n');
        }
    }

    /// <summary>The distinct file ids that the lines of a batch's input file name as images, read from the emulator.</summary>
    public static async Task<HashSet<string>> ReferencedFileIdsAsync(BatchApi api, string batchId, string scratch, CancellationToken ct)
    {
        var batch = await api.GetBatchAsync(batchId, ct);
        var input = Path.Combine(scratch, "referenced-" + batchId + ".jsonl");
        await api.DownloadAsync(batch.GetProperty("input_file_id").GetString()!, input, ct);
        try
        {
            var ids = new HashSet<string>(StringComparer.Ordinal);
            foreach (var line in File.ReadLines(input).Where(l => l.Length > 0))
            {
                using var json = JsonDocument.Parse(line);
                foreach (var image in json.RootElement.GetProperty("body").GetProperty("images").EnumerateArray())
                {
                    if (image.TryGetProperty("file_id", out var id))
                    {
                        ids.Add(id.GetString()!);
                    }
                }
            }
            return ids;
        }
        finally
        {
            BenchContext.Delete(input);
        }
    }

    /// <summary>Cancels the batches (those still running), deletes every File on the emulator, then the bytes it stores.</summary>
    public static async Task ClearEmulatorAsync(BatchApi api, EmulatorProcess emulator, IEnumerable<string> batchIds, CancellationToken ct)
    {
        foreach (var id in batchIds)
        {
            await api.CancelAsync(id, ct);
        }
        foreach (var id in await api.ListFileIdsAsync(null, ct))
        {
            await api.DeleteFileAsync(id, ct);
        }
        emulator.ClearStoredFiles();
    }
}

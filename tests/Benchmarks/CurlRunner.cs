using System.Diagnostics;
using System.Text.Json;

namespace Benchmarks;

/// <summary>
/// The reference uploader: curl posting each part from its own file, one after another, with
/// create and complete through HttpClient so both sides do the same requests.
/// </summary>
internal sealed class CurlRunner
{
    private readonly Uri _baseUri;
    private readonly string _key;
    private readonly RawUploadClient _raw;

    public CurlRunner(Uri baseUri, string key, RawUploadClient raw)
    {
        _baseUri = baseUri;
        _key = key;
        _raw = raw;
    }

    public static string? Version()
    {
        try
        {
            var (code, output, _) = Run(["--version"], CancellationToken.None);
            return code == 0 ? output.Split('\n')[0].Trim() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // curl not installed
        }
    }

    /// <summary>Cuts the file into part files before any timing starts.</summary>
    public static IReadOnlyList<string> CutParts(string source, long partSize, string directory)
    {
        Directory.CreateDirectory(directory);
        var length = new FileInfo(source).Length;
        var files = new List<string>();
        for (long offset = 0; offset < length; offset += partSize)
        {
            var path = Path.Combine(directory, $"part-{files.Count + 1:D4}");
            TempFiles.CopyRange(source, offset, Math.Min(partSize, length - offset), path);
            files.Add(path);
        }
        return files;
    }

    public async Task<UploadTiming> UploadAsync(string fileName, long length, IReadOnlyList<string> partFiles, CancellationToken ct)
    {
        var total = Stopwatch.StartNew();
        var uploadId = await _raw.CreateAsync(fileName, length, ct);
        var parts = Stopwatch.StartNew();
        var url = new Uri(_baseUri, $"uploads/{uploadId}/parts").AbsoluteUri;
        var ids = new List<string>();
        foreach (var part in partFiles)
        {
            var (code, output, error) = await Task.Run(() => Run(
                ["-s", "-S", "-w", "\n%{http_code}", "-H", $"Authorization: Bearer {_key}", "-F", $"data=@{part}", url], ct), ct);
            var newline = output.LastIndexOf('\n');
            var status = newline >= 0 ? output[(newline + 1)..].Trim() : "";
            if (code != 0 || status != "200")
            {
                throw new InvalidOperationException($"curl exited {code} with HTTP {status}: {output} {error}");
            }
            using var doc = JsonDocument.Parse(output[..newline]);
            ids.Add(doc.RootElement.GetProperty("id").GetString()!);
        }
        parts.Stop();
        var fileId = await _raw.CompleteAsync(uploadId, ids, null, ct);
        total.Stop();
        return new UploadTiming(total.Elapsed.TotalSeconds, parts.Elapsed.TotalSeconds, fileId);
    }

    private static (int ExitCode, string Output, string Error) Run(IEnumerable<string> args, CancellationToken ct)
    {
        var psi = new ProcessStartInfo("curl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("Could not start curl.");
        using var kill = ct.Register(() => { try { process.Kill(); } catch (InvalidOperationException) { } });
        var stderr = process.StandardError.ReadToEndAsync(ct);
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        ct.ThrowIfCancellationRequested();
        return (process.ExitCode, stdout, stderr.GetAwaiter().GetResult());
    }
}

namespace OpenAI.PowerShell.Uploads;

/// <summary>The MIME type the Uploads API expects for a file name's extension.</summary>
internal static class MimeTypes
{
    public const string Fallback = "application/octet-stream";

    private static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".jsonl"] = "text/jsonl",
        [".json"] = "application/json",
        [".txt"] = "text/plain",
        [".md"] = "text/markdown",
        [".csv"] = "text/csv",
        [".tsv"] = "text/tab-separated-values",
        [".html"] = "text/html",
        [".htm"] = "text/html",
        [".xml"] = "application/xml",
        [".pdf"] = "application/pdf",
        [".doc"] = "application/msword",
        [".docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        [".pptx"] = "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        [".xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        [".c"] = "text/x-c",
        [".cpp"] = "text/x-c++",
        [".cs"] = "text/x-csharp",
        [".css"] = "text/css",
        [".go"] = "text/x-golang",
        [".java"] = "text/x-java",
        [".js"] = "text/javascript",
        [".ts"] = "application/typescript",
        [".php"] = "text/x-php",
        [".py"] = "text/x-python",
        [".rb"] = "text/x-ruby",
        [".sh"] = "application/x-sh",
        [".tex"] = "text/x-tex",
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".gif"] = "image/gif",
        [".webp"] = "image/webp",
        [".zip"] = "application/zip",
    };

    public static string FromFileName(string fileName)
    {
        var extension = Path.GetExtension(fileName);
        return !string.IsNullOrEmpty(extension) && ByExtension.TryGetValue(extension, out var type) ? type : Fallback;
    }
}

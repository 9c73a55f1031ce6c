using System.Collections;
using System.Globalization;
using System.Management.Automation;
using OpenAI.PowerShell.Model;

namespace OpenAI.PowerShell.Binding;

/// <summary>
/// Recognises the module's own objects in the pipeline: live ones, ones deserialized by
/// Import-Clixml or a job (type name "Deserialized.OpenAI.PowerShell.Model.X"), and Import-Csv
/// rows of the module's own Export-Csv output (its columns, and the id prefix of the kind).
/// Anything else is not one of ours, so it never binds as an upload, part or file.
/// </summary>
internal static class ModelInput
{
    private static readonly string[] UploadColumns = { "Id", "FileName", "Bytes", "Purpose", "Status" };
    private static readonly string[] PartColumns = { "Id", "UploadId", "PartNumber", "Offset", "Length" };
    private static readonly string[] FileColumns = { "Id", "FileName", "Bytes", "Purpose" };
    private static readonly string[] BatchColumns = { "Id", "Status", "Endpoint", "InputFileId" };

    public static Upload? AsUpload(object? input) => As(input, UploadColumns, "upload_", pso => new Upload
    {
        Id = Text(pso, "Id"),
        FileName = Text(pso, "FileName"),
        Bytes = Number(pso, "Bytes"),
        Purpose = Text(pso, "Purpose"),
        Status = Text(pso, "Status"),
        CreatedAt = Time(pso, "CreatedAt") ?? default,
        ExpiresAt = Time(pso, "ExpiresAt") ?? default,
        File = AsFile(pso.Properties["File"]?.Value) ?? FileFromId(pso.Properties["File"]?.Value),
    });

    public static UploadPart? AsPart(object? input) => As(input, PartColumns, "part_", pso => new UploadPart
    {
        Id = Text(pso, "Id"),
        UploadId = Text(pso, "UploadId"),
        PartNumber = (int)Number(pso, "PartNumber"),
        Offset = Number(pso, "Offset"),
        Length = Number(pso, "Length"),
        CreatedAt = Time(pso, "CreatedAt") ?? default,
    });

    public static OpenAIFile? AsFile(object? input) => As(input, FileColumns, "file-", pso => new OpenAIFile
    {
        Id = Text(pso, "Id"),
        FileName = Text(pso, "FileName"),
        Bytes = Number(pso, "Bytes"),
        Purpose = Text(pso, "Purpose"),
        Status = pso.Properties["Status"]?.Value?.ToString(),
        CreatedAt = Time(pso, "CreatedAt") ?? default,
        ExpiresAt = Time(pso, "ExpiresAt"),
    });

    /// <summary>A Batch's id is all a command needs: it reads the batch afresh.</summary>
    public static string? AsBatchId(object? input) => As(input, BatchColumns, "batch_", pso => new Batch { Id = Text(pso, "Id") })?.Id;

    /// <summary>Converts a single value, or each element of an array given to an array parameter.</summary>
    public static object Map<T>(object? input, Func<object?, T> convert) where T : notnull
    {
        var value = input is PSObject { BaseObject: not PSCustomObject } wrapped ? wrapped.BaseObject : input;
        if (value is IEnumerable sequence and not string)
        {
            var items = new List<T>();
            foreach (var item in sequence)
            {
                items.Add(convert(item));
            }
            return items.ToArray();
        }
        return convert(input);
    }

    /// <summary>The object itself when live, or rebuilt from a deserialized object or an Import-Csv row of ours.</summary>
    private static T? As<T>(object? input, string[] columns, string idPrefix, Func<PSObject, T> rebuild) where T : class => input switch
    {
        T live => live,
        PSObject { BaseObject: T live } => live,
        PSObject pso when IsOurs(pso, typeof(T).Name, columns, idPrefix) => rebuild(pso),
        _ => null,
    };

    private static bool IsOurs(PSObject pso, string typeName, string[] columns, string idPrefix)
    {
        if (pso.TypeNames.Contains("Deserialized.OpenAI.PowerShell.Model." + typeName))
        {
            return true;
        }
        // An Import-Csv row: a plain object with all of our columns and an id of our kind.
        return pso.BaseObject is PSCustomObject
               && columns.All(c => pso.Properties[c] is not null)
               && Text(pso, "Id").StartsWith(idPrefix, StringComparison.Ordinal);
    }

    private static OpenAIFile? FileFromId(object? value) =>
        value?.ToString() is { Length: > 0 } id && id.StartsWith("file-", StringComparison.Ordinal) ? new OpenAIFile { Id = id } : null;

    private static string Text(PSObject pso, string name) => pso.Properties[name]?.Value?.ToString() ?? "";

    private static long Number(PSObject pso, string name) =>
        LanguagePrimitives.TryConvertTo(pso.Properties[name]?.Value, CultureInfo.InvariantCulture, out long value) ? value : 0;

    private static DateTimeOffset? Time(PSObject pso, string name)
    {
        var value = pso.Properties[name]?.Value;
        if (value is PSObject wrapped)
        {
            value = wrapped.BaseObject;
        }
        return value switch
        {
            DateTimeOffset offset => offset,
            DateTime time => new DateTimeOffset(time),
            string text => ParseTime(text),
            _ => null,
        };
    }

    private static readonly string[] RoundTripFormats = { "o", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd HH:mm:ssK", "yyyy-MM-dd HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK" };
    private static readonly CultureInfo MonthFirst = CultureInfo.InvariantCulture;
    private static readonly CultureInfo DayFirst = CultureInfo.GetCultureInfo("en-GB");

    /// <summary>
    /// Export-Csv writes a date in the writer's culture ("12/5/2026 3:12:03 PM +00:00" in en-US), which
    /// a reader in another culture can take with day and month swapped. A round-trip date is read as it
    /// is; any other is used only when month-first, day-first and this culture read the same instant,
    /// so an ambiguous date is unknown (the server then judges the expiry) rather than wrong.
    /// </summary>
    internal static DateTimeOffset? ParseTime(string text)
    {
        text = text.Trim();
        if (DateTimeOffset.TryParseExact(text, RoundTripFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var exact))
        {
            return exact;
        }
        DateTimeOffset? found = null;
        foreach (var culture in new[] { CultureInfo.CurrentCulture, MonthFirst, DayFirst })
        {
            if (DateTimeOffset.TryParse(text, culture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                if (found is { } seen && seen != parsed)
                {
                    return null;
                }
                found = parsed;
            }
        }
        return found;
    }
}

using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Text.Json;
using OpenAI.PowerShell.Http;

namespace OpenAI.PowerShell.Binding;

/// <summary>
/// Writes PowerShell values as JSON, as ConvertTo-Json -Compress would for request bodies:
/// hashtables and custom objects as objects (their note properties only), lists as arrays, enums
/// as their names, dates round-trip. There is no depth cut-off to lose data silently: a cycle is an error.
/// </summary>
internal static class JsonWriting
{
    private const int MaxDepth = 64;

    public static void Write(Utf8JsonWriter writer, object? value, int depth = 0)
    {
        if (depth > MaxDepth)
        {
            throw new OpenAIException(ErrorIds.InvalidBatchLine, $"A request nests more than {MaxDepth} levels deep (or refers to itself); it cannot be written as JSON.");
        }
        var bare = value is PSObject pso && pso.BaseObject is not PSCustomObject ? pso.BaseObject : value;
        switch (bare)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case char c:
                writer.WriteStringValue(c.ToString());
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case Enum e:
                writer.WriteStringValue(e.ToString());
                break;
            case byte or sbyte or short or ushort or int or uint or long:
                writer.WriteNumberValue(Convert.ToInt64(bare, CultureInfo.InvariantCulture));
                break;
            case ulong big:
                writer.WriteNumberValue(big);
                break;
            case float or double:
                writer.WriteNumberValue(Convert.ToDouble(bare, CultureInfo.InvariantCulture));
                break;
            case decimal number:
                writer.WriteNumberValue(number);
                break;
            case DateTime time:
                writer.WriteStringValue(time.ToString("o", CultureInfo.InvariantCulture));
                break;
            case DateTimeOffset time:
                writer.WriteStringValue(time.ToString("o", CultureInfo.InvariantCulture));
                break;
            case IDictionary dictionary:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    writer.WritePropertyName(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? "");
                    Write(writer, entry.Value, depth + 1);
                }
                writer.WriteEndObject();
                break;
            case PSObject custom:
                writer.WriteStartObject();
                foreach (var property in custom.Properties.Where(p => p is PSNoteProperty))
                {
                    writer.WritePropertyName(property.Name);
                    Write(writer, property.Value, depth + 1);
                }
                writer.WriteEndObject();
                break;
            case IEnumerable list:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    Write(writer, item, depth + 1);
                }
                writer.WriteEndArray();
                break;
            default:
                // Anything else is written as its text, as ConvertTo-Json does for leaf objects it cannot take apart.
                writer.WriteStringValue(Convert.ToString(bare, CultureInfo.InvariantCulture));
                break;
        }
    }

    /// <summary>A property of a hashtable (any key case) or of a custom object.</summary>
    public static bool TryGet(object request, string name, out object? value)
    {
        var bare = request is PSObject pso && pso.BaseObject is not PSCustomObject ? pso.BaseObject : request;
        if (bare is IDictionary dictionary)
        {
            foreach (DictionaryEntry entry in dictionary)
            {
                if (string.Equals(Convert.ToString(entry.Key, CultureInfo.InvariantCulture), name, StringComparison.OrdinalIgnoreCase))
                {
                    value = entry.Value;
                    return true;
                }
            }
        }
        else if (bare is PSObject custom && custom.Properties[name] is { } property)
        {
            value = property.Value;
            return true;
        }
        value = null;
        return false;
    }
}

using System.Globalization;
using System.Management.Automation;
using System.Text.Json;

namespace OpenAI.PowerShell.Binding;

/// <summary>
/// JSON as PowerShell users know it from ConvertFrom-Json: objects become PSCustomObjects with
/// properties in document order, arrays object[], integers long (decimal or double when larger),
/// other numbers double. Written here because Windows PowerShell 5.1 has no public converter.
/// </summary>
internal static class JsonObjects
{
    public static object? ToPowerShell(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => ToCustomObject(element),
        JsonValueKind.Array => element.EnumerateArray().Select(ToPowerShell).ToArray(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => Number(element),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    private static PSObject ToCustomObject(JsonElement element)
    {
        var result = new PSObject();
        foreach (var property in element.EnumerateObject())
        {
            // A repeated key keeps its last value, as ConvertFrom-Json would refuse rather than guess.
            result.Properties.Remove(property.Name);
            result.Properties.Add(new PSNoteProperty(property.Name, ToPowerShell(property.Value)));
        }
        return result;
    }

    private static object Number(JsonElement element)
    {
        if (element.TryGetInt64(out var whole))
        {
            return whole;
        }
        var text = element.GetRawText();
        if (text.IndexOfAny(new[] { '.', 'e', 'E' }) < 0 && decimal.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var big))
        {
            return big;
        }
        return element.GetDouble();
    }
}

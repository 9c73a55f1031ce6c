using System.Reflection;

namespace OpenAI.PowerShell.Http;

/// <summary>
/// The categories ErrorIds use. Each name is a member of PowerShell's ErrorCategory:
/// the engine cannot reference that assembly, so the cmdlets map these by name.
/// </summary>
public enum ErrorCategoryName
{
    AuthenticationError,
    ConnectionError,
    InvalidArgument,
    InvalidData,
    InvalidOperation,
    InvalidResult,
    LimitsExceeded,
    ObjectNotFound,
    OperationTimeout,
    PermissionDenied,
    QuotaExceeded,
    ReadError,
    ResourceBusy,
    ResourceExists,
    SecurityError,
    WriteError,
}

/// <summary>Marks an ErrorIds constant as an entry of the catalogue.</summary>
[AttributeUsage(AttributeTargets.Field)]
public sealed class ErrorIdAttribute : Attribute
{
    public ErrorIdAttribute(ErrorCategoryName category) => Category = category;

    public ErrorCategoryName Category { get; }
    /// <summary>The error is about the invocation itself, so every later input would fail alike.</summary>
    public bool EndsCommand { get; set; }
}

/// <summary>One row of the catalogue.</summary>
public sealed class ErrorEntry
{
    internal ErrorEntry(string id, ErrorCategoryName category, bool endsCommand)
    {
        Id = id;
        Category = category;
        EndsCommand = endsCommand;
    }

    public string Id { get; }
    public ErrorCategoryName Category { get; }
    public bool EndsCommand { get; }
}

/// <summary>The ErrorIds constants as rows, read once so the catalogue has no second copy to keep in step.</summary>
public static class ErrorTable
{
    private static readonly Dictionary<string, ErrorEntry> ById = Read();

    public static IReadOnlyCollection<ErrorEntry> All => ById.Values;

    /// <summary>The entry for an id, or null for an id the catalogue does not hold.</summary>
    public static ErrorEntry? Find(string errorId) => ById.TryGetValue(errorId, out var entry) ? entry : null;

    private static Dictionary<string, ErrorEntry> Read()
    {
        var byId = new Dictionary<string, ErrorEntry>(StringComparer.Ordinal);
        foreach (var field in typeof(ErrorIds).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            // A constant without [ErrorId] is left out; the tests fail on it.
            if (field.IsLiteral && field.GetCustomAttribute<ErrorIdAttribute>() is { } mark)
            {
                var id = (string)field.GetRawConstantValue()!;
                byId.Add(id, new ErrorEntry(id, mark.Category, mark.EndsCommand));
            }
        }
        return byId;
    }
}

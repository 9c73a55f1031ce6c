namespace OpenAI.PowerShell.Http;

/// <summary>
/// The subset of PowerShell's ErrorCategory that this module uses. The names match
/// PowerShell's own enum member for member, so the cmdlets convert by name.
/// </summary>
public enum OpenAIErrorCategory
{
    NotSpecified,
    InvalidArgument,
    InvalidData,
    InvalidOperation,
    AuthenticationError,
    PermissionDenied,
    ObjectNotFound,
    ResourceBusy,
    ResourceExists,
    LimitsExceeded,
    ConnectionError,
    InvalidResult,
    OperationTimeout,
    OperationStopped,
    SecurityError,
    WriteError,
    ReadError,
    ProtocolError,
}

using System.Management.Automation;
using OpenAI.PowerShell.Model;

namespace OpenAI.PowerShell.Binding;

/// <summary>
/// Binding guards. PowerShell would otherwise coerce any piped object into these parameters
/// (an Upload into a string path, a custom object into an id). A guard refuses with an invalid
/// cast, which the binder reads as "try the next parameter" (any other exception would end the
/// binding), so each object lands where it belongs or fails to bind.
/// </summary>
public sealed class UploadInputAttribute : ArgumentTransformationAttribute
{
    /// <summary>
    /// A string is taken as an upload's id (Add-OAIUploadPart's -Upload, alias -UploadId), so one
    /// parameter takes either and the id is checked when the command runs (OpenAI.InvalidUploadId).
    /// </summary>
    public bool AcceptsId { get; set; }

    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData) =>
        ModelInput.Map(inputData, e => ModelInput.AsUpload(e)
            ?? (AcceptsId && (e is PSObject pso ? pso.BaseObject : e) is string id ? new Upload { Id = id } : null)
            ?? throw NotOurs(e, AcceptsId ? "an Upload or an upload id" : "an Upload"));

    internal static ArgumentTransformationMetadataException NotOurs(object? input, string what) =>
        Refuse($"{Describe(input)} is not {what} of this module.");

    internal static ArgumentTransformationMetadataException Refuse(string message) =>
        new(message, new PSInvalidCastException(message));

    internal static string Describe(object? input) =>
        input is PSObject pso ? $"An object of type '{pso.TypeNames.FirstOrDefault()}'" : $"An object of type '{input?.GetType().FullName ?? "null"}'";
}

/// <summary>Accepts UploadParts (live, deserialized or Import-Csv rows of them) and nothing else.</summary>
public sealed class UploadPartInputAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData) =>
        ModelInput.Map(inputData, e => ModelInput.AsPart(e) ?? throw UploadInputAttribute.NotOurs(e, "an UploadPart"));
}

/// <summary>Accepts OpenAIFiles (live, deserialized or Import-Csv rows of them) and nothing else.</summary>
public sealed class OpenAIFileInputAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData) =>
        ModelInput.Map(inputData, e => ModelInput.AsFile(e) ?? throw UploadInputAttribute.NotOurs(e, "an OpenAIFile"));
}

/// <summary>Accepts strings only (ids), never a string made from another object.</summary>
public sealed class StringInputAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData) =>
        ModelInput.Map(inputData, e => (e is PSObject pso ? pso.BaseObject : e) switch
        {
            string text => text,
            _ => throw UploadInputAttribute.Refuse(
                $"{UploadInputAttribute.Describe(e)} is not a string; only strings bind here, so an object is never sent as an id."),
        });
}

/// <summary>
/// Accepts path strings and file-system items, never a string made from another object. An item
/// becomes its full path with wildcard characters escaped, so names with '[' stay literal.
/// </summary>
public sealed class PathInputAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData) =>
        ModelInput.Map(inputData, e => (e is PSObject pso ? pso.BaseObject : e) switch
        {
            string text => text,
            FileSystemInfo item => WildcardPattern.Escape(item.FullName),
            _ => throw UploadInputAttribute.Refuse(
                $"{UploadInputAttribute.Describe(e)} is not a string; only paths and file-system items bind here, so an object is never read as a path."),
        });
}

/// <summary>
/// A File by id: a string, an OpenAIFile, or an Upload (its File's id). An upload not completed has
/// no File; its own id passes on, and the command says so (OpenAI.UploadNotCompleted) instead of
/// a binding error. Anything else is refused, so no object is ever sent as an id.
/// </summary>
public sealed class FileIdInputAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData) =>
        ModelInput.Map(inputData, e => (e is PSObject pso ? pso.BaseObject : e) switch
        {
            // An id read from a file (Get-Content of a CRLF file on Linux) keeps its line end: it is not part of the id.
            string id => id.Trim(),
            _ => ModelInput.AsFile(e)?.Id
                ?? (ModelInput.AsUpload(e) is { } upload ? upload.FileId ?? upload.Id : null)
                ?? throw UploadInputAttribute.NotOurs(e, "a File, an Upload or a File id"),
        });
}

/// <summary>A batch by id: a string or a Batch (live, deserialized or an Import-Csv row); nothing else.</summary>
public sealed class BatchIdInputAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData) =>
        ModelInput.Map(inputData, e => (e is PSObject pso ? pso.BaseObject : e) switch
        {
            string id => id.Trim(),
            _ => ModelInput.AsBatchId(e) ?? throw UploadInputAttribute.NotOurs(e, "a Batch or a batch id"),
        });
}

/// <summary>
/// A batch request: a hashtable or a custom object (ConvertFrom-Json output included), never a
/// string, a file or one of the module's own objects, which belong to other parameters.
/// </summary>
public sealed class BatchRequestInputAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData) =>
        (inputData is PSObject pso ? pso.BaseObject : inputData) switch
        {
            System.Collections.IDictionary dictionary => dictionary,
            PSCustomObject when ModelInput.AsFile(inputData) is null && ModelInput.AsUpload(inputData) is null && ModelInput.AsBatchId(inputData) is null => inputData,
            _ => throw UploadInputAttribute.NotOurs(inputData, "a batch request (a hashtable or object with custom_id, method, url and body)"),
        };
}

/// <summary>
/// An image size is text (WIDTHxHEIGHT or auto). Files piped in carry a numeric Size property (their
/// length, in PowerShell 7.6), which binds to -Size by name; a number becomes <see cref="NotASize"/>, so
/// a piped file's length is ignored and a number typed as -Size is refused.
/// </summary>
public sealed class ImageSizeInputAttribute : ArgumentTransformationAttribute
{
    internal const string NotASize = "\u0000number";

    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData) =>
        (inputData is PSObject pso ? pso.BaseObject : inputData) is long or int or short or byte or ulong or uint or ushort or double or float or decimal
            ? NotASize
            : inputData;
}

/// <summary>
/// -AccessToken: a SecureString or a string (a token), or a script block that returns one when asked
/// (again near the token's expiry, and after a 401). Anything else is refused, so no object is sent as a token.
/// </summary>
public sealed class AccessTokenInputAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData) =>
        (inputData is PSObject pso ? pso.BaseObject : inputData) switch
        {
            null => null,
            Http.AccessTokenSource source => source,
            ScriptBlock block => new Http.AccessTokenSource(block),
            System.Security.SecureString secure => Http.ApiKey.From(secure) is { } token ? new Http.AccessTokenSource(token) : null,
            string text => Http.ApiKey.From(text) is { } token ? new Http.AccessTokenSource(token) : null,
            var other => throw UploadInputAttribute.Refuse(
                $"{UploadInputAttribute.Describe(other)} is not a token: give a SecureString, a string, or a script block that returns one."),
        };

    /// <summary>What a token script block returned, as a token: a SecureString, a string, or an object with a Token property (Get-AzAccessToken's).</summary>
    internal static Http.ApiKey? TokenOf(IEnumerable<PSObject> output)
    {
        foreach (var item in output.Where(i => i is not null))
        {
            var value = item.BaseObject is string or System.Security.SecureString ? item.BaseObject
                : item.Properties["Token"]?.Value is { } property ? (property is PSObject inner ? inner.BaseObject : property)
                : null;
            var token = value switch
            {
                System.Security.SecureString secure => Http.ApiKey.From(secure),
                string text => Http.ApiKey.From(text),
                _ => null,
            };
            if (token is not null)
            {
                return token;
            }
        }
        return null;
    }
}

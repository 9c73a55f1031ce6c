using System.Management.Automation;
using System.Runtime.CompilerServices;
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
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData) =>
        ModelInput.Map(inputData, e => ModelInput.AsUpload(e) ?? throw NotOurs(e, "an Upload"));

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
/// Accepts byte chunks as PowerShell delivers them: byte[] (from ,[byte[]]), object[] of bytes
/// (Get-Content -AsByteStream -ReadCount N in PowerShell 7) and single bytes (an unrolled array).
/// Anything else, a string such as '12' included, is refused rather than converted into bytes;
/// an array with anything but bytes in it binds as a marker of a broken chunk (see <see cref="RefusalOf"/>).
/// </summary>
public sealed class ByteChunkInputAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        var value = inputData is PSObject pso ? pso.BaseObject : inputData;
        switch (value)
        {
            case byte[] bytes:
                return bytes;
            case byte single:
                return new[] { single };
            case object[] items:
                return ToBytes(items);
            case Array array:
                // [int[]], [char[]] and the like: a chunk of the wrong type fails its stream, not the binder.
                var boxed = new object[array.Length];
                array.CopyTo(boxed, 0);
                return ToBytes(boxed);
            default:
                throw UploadInputAttribute.Refuse(
                    $"{UploadInputAttribute.Describe(inputData)} is not a byte chunk; pipe byte[] (,[byte[]]$bytes), Get-Content -AsByteStream chunks or bytes.");
        }
    }

    /// <summary>Below this many items a chunk is converted on the pipeline thread alone.</summary>
    private const int ParallelThreshold = 1 << 20;

    /// <summary>
    /// Get-Content's chunks hold millions of boxed bytes, and the pipeline waits while they are
    /// read back, so a large chunk is converted on every core, in ranges.
    /// </summary>
    private static byte[] ToBytes(object[] items)
    {
        var chunk = new byte[items.Length];
        var ranges = items.Length < ParallelThreshold ? 1 : Math.Max(1, Math.Min(Environment.ProcessorCount, 8));
        int firstBad;
        if (ranges == 1)
        {
            firstBad = CopyBytes(items, chunk, 0, items.Length);
        }
        else
        {
            // Each range reports where it stopped (its end when every item was a byte); the first stop wins.
            var stops = new int[ranges];
            Parallel.For(0, ranges, range => stops[range] = CopyBytes(items, chunk,
                (int)((long)items.Length * range / ranges), (int)((long)items.Length * (range + 1) / ranges)));
            firstBad = items.Length;
            for (var range = 0; range < ranges; range++)
            {
                var end = (int)((long)items.Length * (range + 1) / ranges);
                if (stops[range] < end)
                {
                    firstBad = stops[range];
                    break;
                }
            }
        }
        if (firstBad < items.Length)
        {
            var item = items[firstBad] is PSObject wrapped ? wrapped.BaseObject : items[firstBad];
            return Refused($"Item {firstBad} of a piped chunk is of type '{item?.GetType().FullName ?? "null"}', not a byte; pipe byte chunks or bytes.");
        }
        return chunk;
    }

    private static readonly ConditionalWeakTable<byte[], string> Refusals = new();

    /// <summary>
    /// An array holding something other than bytes is a broken chunk, not input for another
    /// parameter: it still binds, as an empty marker, so Add-OAIUploadPart can fail the stream it
    /// belongs to instead of sending the bytes around it.
    /// </summary>
    private static byte[] Refused(string reason)
    {
        var marker = new byte[0];
        Refusals.Add(marker, reason);
        return marker;
    }

    /// <summary>Why a bound chunk was refused, or null for a real chunk.</summary>
    internal static string? RefusalOf(byte[] chunk) => chunk.Length == 0 && Refusals.TryGetValue(chunk, out var reason) ? reason : null;

    /// <summary>Copies items[start..end) and returns the index of the first one that is not a byte, or end.</summary>
#if NET
    // Called once a range, too rarely for tiered JIT to optimise the loop in time.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
#endif
    private static int CopyBytes(object[] items, byte[] chunk, int start, int end)
    {
        for (var i = start; i < end; i++)
        {
            if (items[i] is byte b)
            {
                chunk[i] = b;
            }
            else if (items[i] is PSObject { BaseObject: byte wrapped })
            {
                chunk[i] = wrapped;
            }
            else
            {
                return i;
            }
        }
        return end;
    }
}

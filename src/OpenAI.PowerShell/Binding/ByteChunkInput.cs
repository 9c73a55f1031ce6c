using System.Management.Automation;
using System.Runtime.CompilerServices;
using OpenAI.PowerShell.Http;

namespace OpenAI.PowerShell.Binding;

/// <summary>
/// Admits what can be a byte chunk as PowerShell delivers it: byte[] (from ,[byte[]]), single
/// bytes (an unrolled array) and arrays (Get-Content -AsByteStream -ReadCount N gives object[]).
/// Anything else, a string such as '12' included, is refused, so it binds elsewhere or not at all.
/// An admitted array is read as bytes by <see cref="ByteChunks.Read"/> when its record runs, so
/// one holding anything but bytes fails the stream it belongs to, like a part that fails.
/// </summary>
public sealed class ByteChunkInputAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData) =>
        (inputData is PSObject pso ? pso.BaseObject : inputData) switch
        {
            byte[] bytes => bytes,
            byte single => new[] { single },
            Array array => array,
            _ => throw UploadInputAttribute.Refuse(
                $"{UploadInputAttribute.Describe(inputData)} is not a byte chunk; pipe byte[] (,[byte[]]$bytes), Get-Content -AsByteStream chunks or bytes."),
        };
}

/// <summary>Reads an admitted chunk as bytes.</summary>
internal static class ByteChunks
{
    /// <summary>
    /// The bytes of a chunk that <see cref="ByteChunkInputAttribute"/> admitted: a byte[] as it is,
    /// other arrays read into <paramref name="scratch"/> (grown when too small), which the caller
    /// keeps for the next chunk, so Get-Content's stream of 8 MiB chunks allocates one array, not
    /// one a chunk. OpenAI.InvalidChunk when an item is not a byte.
    /// </summary>
    public static byte[] Read(object chunk, ref byte[] scratch, out int length)
    {
        switch (chunk)
        {
            case byte[] bytes:
                length = bytes.Length;
                return bytes;
            case object[] items:
                length = items.Length;
                return Read(items, Scratch(ref scratch, items.Length));
            case Array array:
                // [int[]], [char[]] and the like are refused at their first item, as object[] is.
                var boxed = new object[array.Length];
                array.CopyTo(boxed, 0);
                length = boxed.Length;
                return Read(boxed, Scratch(ref scratch, boxed.Length));
            default:
                throw Refused($"A piped chunk of type '{chunk.GetType().FullName}' is not bytes.");
        }
    }

    private static byte[] Scratch(ref byte[] scratch, int length)
    {
        if (scratch.Length < length)
        {
            scratch = new byte[length];
        }
        return scratch;
    }

    /// <summary>
    /// Reads Get-Content's boxed bytes on the pipeline thread: about 2 ns a byte, so an 8 MiB chunk
    /// takes some 20 ms against the second Get-Content spends making it; more threads would only
    /// add CPU time, which is what the user's machine pays.
    /// </summary>
    private static byte[] Read(object[] items, byte[] chunk)
    {
        var firstBad = CopyBytes(items, chunk, items.Length);
        if (firstBad < items.Length)
        {
            var item = items[firstBad] is PSObject wrapped ? wrapped.BaseObject : items[firstBad];
            throw Refused($"Item {firstBad} of a piped chunk is of type '{item?.GetType().FullName ?? "null"}', not a byte; pipe byte chunks or bytes.");
        }
        return chunk;
    }

    private static OpenAIException Refused(string reason) => new(ErrorIds.InvalidChunk, reason);

    /// <summary>Copies items[0..end) and returns the index of the first one that is not a byte, or end.</summary>
#if NET
    // Called once a chunk, too rarely for tiered JIT to optimise the loop in time.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
#endif
    private static int CopyBytes(object[] items, byte[] chunk, int end)
    {
        for (var i = 0; i < end; i++)
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

using OpenAI.PowerShell.Model;

namespace OpenAI.PowerShell.Uploads;

/// <summary>
/// A resume record is a file anyone can edit: before it decides what is sent where, it must be one
/// this module could have written. Its parts must be the file's own parts, at their own offsets.
/// </summary>
internal static class ResumeRecordCheck
{
    /// <summary>Null for a sound record; otherwise what is wrong, in a few words.</summary>
    public static string? Problem(ResumeState state)
    {
        if (state.Version != 1)
        {
            return $"its version is {state.Version}, not 1";
        }
        if (!state.UploadId.StartsWith("upload_", StringComparison.Ordinal) || !UploadService.IsIdShaped(state.UploadId))
        {
            return "its upload id is not one";
        }
        if (state.FileLength <= 0 || state.FileLength > UploadLimits.MaxUploadBytes)
        {
            return $"its file length, {ByteSize.Count(state.FileLength)}, is not between 1 byte and 8 GiB";
        }
        if (state.PartSize <= 0 || state.PartSize > UploadLimits.MaxPartBytes)
        {
            return $"its part size, {ByteSize.Count(state.PartSize)}, is not between 1 byte and 64 MiB";
        }
        if (string.IsNullOrWhiteSpace(state.Purpose))
        {
            return "it names no purpose";
        }
        var plan = PartPlan.ForFile(state.FileLength, state.PartSize);
        var seen = new HashSet<int>();
        foreach (var part in state.Parts)
        {
            if (part.PartNumber < 1 || part.PartNumber > plan.Count || !seen.Add(part.PartNumber))
            {
                return $"part {part.PartNumber} is not a part of the file, or is listed twice";
            }
            var expected = plan[part.PartNumber - 1];
            if (part.Offset != expected.Offset || part.Length != expected.Length)
            {
                return $"part {part.PartNumber} covers {ByteSize.Count(part.Length)} bytes at offset {ByteSize.Count(part.Offset)}, where the file's part {part.PartNumber} is {ByteSize.Count(expected.Length)} bytes at {ByteSize.Count(expected.Offset)}";
            }
            if (string.IsNullOrWhiteSpace(part.Id))
            {
                return $"part {part.PartNumber} has no id";
            }
        }
        return null;
    }
}

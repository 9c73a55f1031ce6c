using OpenAI.PowerShell.Batches;
using OpenAI.PowerShell.Errors;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Images;
using OpenAI.PowerShell.Model;

namespace OpenAI.PowerShell.Commands;

/// <summary>
/// What an image batch edited, read from its own input file: each image's source, and, for -Remove,
/// the image Files that New-OAIImageEdit -AsBatch sent. Batches one run was split into share those
/// Files, so they go only with the last of the group to be received with -Remove.
/// </summary>
public sealed partial class ReceiveOAIBatchCommand
{
    private BatchImageInputs? _inputs;
    private readonly Dictionary<string, string> _sourceNames = new(StringComparer.Ordinal);

    /// <summary>The batch's own input file says what each line edited; without it results are still saved, only unnamed.</summary>
    private async Task<BatchImageInputs?> ReadInputsAsync(BatchResultReader reader, Batch batch)
    {
        try
        {
            return await BatchImageInputs.ReadAsync(reader, batch, StopToken).ConfigureAwait(false);
        }
        catch (OpenAIException ex) when (!ErrorRecords.EndsTheCommand(ex))
        {
            await WriteWarningAsync($"The input file '{batch.InputFileId}' of batch '{batch.Id}' could not be read ({ex.Message}), so results do not name their source images"
                + (Remove.IsPresent ? " and no input image File is removed." : ".")).ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>A line's first input, by its File's name (asked once per File) or its URL.</summary>
    private async Task<string?> SourceOfAsync(string customId)
    {
        if (_inputs?.ReferencesOf(customId) is not { Count: > 0 } references)
        {
            return null;
        }
        var first = references[0];
        if (_inputs.FileIds.Contains(first) && !_sourceNames.ContainsKey(first))
        {
            try
            {
                _sourceNames[first] = (await Files.GetAsync(first, StopToken).ConfigureAwait(false)).FileName;
            }
            catch (OpenAIException ex) when (!ErrorRecords.EndsTheCommand(ex))
            {
                _sourceNames[first] = first;
            }
        }
        var name = _sourceNames.TryGetValue(first, out var known) ? known : ImageEditInputs.Shorten(first);
        return references.Count == 1 ? name : $"{name} and {references.Count - 1} more";
    }

    private async Task RemoveFilesAsync(Batch batch, BatchResultReader reader)
    {
        var (images, groupInputs, keepInput) = await SentInputsAsync(batch, reader).ConfigureAwait(false);
        var own = new[] { keepInput ? null : batch.InputFileId, batch.OutputFileId, batch.ErrorFileId }.OfType<string>().Where(id => id.Length > 0);
        foreach (var fileId in own.Concat(images))
        {
            await DeleteAsync(batch, fileId, goneIsFine: false).ConfigureAwait(false);
        }
        // The input files the group's other batches kept for this moment; one already gone is no error.
        foreach (var fileId in groupInputs)
        {
            await DeleteAsync(batch, fileId, goneIsFine: true).ConfigureAwait(false);
        }
    }

    private async Task DeleteAsync(Batch batch, string fileId, bool goneIsFine)
    {
        if (!await ShouldProcessAsync(fileId, $"Delete File of batch '{batch.Id}'").ConfigureAwait(false))
        {
            return;
        }
        await ForOneAsync(fileId, async () =>
        {
            try
            {
                await Files.DeleteAsync(fileId, StopToken).ConfigureAwait(false);
            }
            catch (OpenAIException ex) when (goneIsFine && ex.ErrorId == ErrorIds.NotFound)
            {
            }
            State.Files.Forget(fileId);
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// The image Files that -AsBatch sent for this batch (its image_inputs metadata lists the ones the user
    /// gave, which stay). For a batch of a split run (batch_group), they are shared: while another batch of the
    /// group is not finished they stay, and so does this batch's input file, which says what they are; the
    /// last one removes them all, with the group's kept input files.
    /// </summary>
    private async Task<(IReadOnlyList<string> Images, IReadOnlyList<string> GroupInputs, bool KeepInput)> SentInputsAsync(Batch batch, BatchResultReader reader)
    {
        var none = (Array.Empty<string>(), Array.Empty<string>(), false);
        if (_inputs is null || !SentByAsBatch(batch, out var keep))
        {
            return none;
        }
        var images = new HashSet<string>(_inputs.FileIds, StringComparer.Ordinal);
        if (!batch.Metadata.TryGetValue(GroupKey, out var group))
        {
            return (images.Except(keep).OrderBy(id => id, StringComparer.Ordinal).ToList(), Array.Empty<string>(), false);
        }
        var members = await GroupAsync(group, PartsOf(batch)).ConfigureAwait(false);
        var running = members.Where(b => !b.IsTerminal).Select(b => b.Id).ToList();
        if (running.Count > 0 || members.Count < PartsOf(batch))
        {
            await WriteWarningAsync($"The image Files that batch '{batch.Id}' shares with the other batches of its run are kept, with its input file, because "
                + (running.Count > 0 ? $"{string.Join(", ", running)} {(running.Count == 1 ? "is" : "are")} not finished" : "not every batch of the run was found")
                + ". Receive the last of them with -Remove to delete them all.").ConfigureAwait(false);
            return (Array.Empty<string>(), Array.Empty<string>(), true);
        }
        var groupInputs = new List<string>();
        foreach (var other in members.Where(b => b.Id != batch.Id))
        {
            groupInputs.Add(other.InputFileId);
            try
            {
                var theirs = await BatchImageInputs.ReadAsync(reader, other, StopToken).ConfigureAwait(false);
                images.UnionWith(theirs.FileIds);
                keep.UnionWith(SentByAsBatch(other, out var theirKeep) ? theirKeep : theirs.FileIds);
            }
            catch (OpenAIException ex) when (ex.ErrorId == ErrorIds.NotFound)
            {
                // Its input file is gone, so it was removed with its own images already.
            }
        }
        return (images.Except(keep).OrderBy(id => id, StringComparer.Ordinal).ToList(), groupInputs, false);
    }

    private static bool SentByAsBatch(Batch batch, out HashSet<string> keep)
    {
        keep = new HashSet<string>(StringComparer.Ordinal);
        if (!batch.Metadata.TryGetValue(NewOAIImageEditCommand.InputsKey, out var sent) || !sent.StartsWith(NewOAIImageEditCommand.InputsUploaded, StringComparison.Ordinal))
        {
            return false;
        }
        if (sent.Split(new[] { ";keep=" }, 2, StringSplitOptions.None) is { Length: 2 } parts)
        {
            keep.UnionWith(parts[1].Split(','));
        }
        return true;
    }

    /// <summary>"2/3" says 3 batches; a value that does not say is taken as one.</summary>
    private static int PartsOf(Batch batch) =>
        batch.Metadata.TryGetValue(PartKey, out var part) && part.Split('/') is { Length: 2 } pair
        && int.TryParse(pair[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count) ? count : 1;

    /// <summary>The batches of a group, newest first, read page by page until all <paramref name="parts"/> are found.</summary>
    private async Task<List<Batch>> GroupAsync(string group, int parts)
    {
        var found = new List<Batch>();
        await Batches.ListAsync(page =>
        {
            found.AddRange(page.Where(b => b.Metadata.TryGetValue(GroupKey, out var g) && g == group));
            return Task.FromResult(found.Count < parts);
        }, StopToken).ConfigureAwait(false);
        return found;
    }
}

using System.Management.Automation;
using OpenAI.PowerShell.Images;
using OpenAI.PowerShell.Model;

namespace OpenAI.PowerShell.Commands;

/// <summary>One record: check, ask, send, report partial images as progress, write the results.</summary>
public sealed partial class NewOAIImageEditCommand
{
    private ImageEditService? _service;
    private int _nextActivityId;
    // A shut-down model is named once per command, not once per piped image.
    private readonly HashSet<string> _warnedModels = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>One service (and so one client and connection) serves the whole pipeline; made on first send, so -WhatIf needs no key.</summary>
    private ImageEditService Service => _service ??= new ImageEditService(Client);

    private Task EditOneAsync(ImageEditRequest request, Action? prepare) =>
        ForOneAsync(ImageEditInputs.Target(request), () =>
        {
            prepare?.Invoke();
            return EditAsync(request);
        });

    private async Task EditAsync(ImageEditRequest request)
    {
        var plan = ImageEditValidator.Validate(request);
        if (plan.Retirement is { } retired && _warnedModels.Add(retired.Model))
        {
            await WriteWarningAsync(RetirementWarning(retired)).ConfigureAwait(false);
        }
        var target = ImageEditInputs.Target(request);
        if (!await ShouldProcessAsync(target, ImageEditInputs.Action(request)).ConfigureAwait(false))
        {
            return;
        }
        var activityId = ++_nextActivityId;
        var activity = $"Editing {ImageEditInputs.Shorten(target)} with {request.EffectiveModel}";
        var expectedPartials = request.Stream ? (request.PartialImages ?? 0) * request.EffectiveN : 0;
        await WriteProgressAsync(new ProgressRecord(activityId, activity, "Waiting for the edited image")).ConfigureAwait(false);
        ImageEditResult result;
        try
        {
            result = await Service.EditAsync(plan, partial => ReportPartial(activityId, activity, partial, expectedPartials), StopToken).ConfigureAwait(false);
        }
        finally
        {
            await WriteProgressAsync(new ProgressRecord(activityId, activity, "Done") { RecordType = ProgressRecordType.Completed }).ConfigureAwait(false);
        }
        await WriteResultsAsync(result).ConfigureAwait(false);
    }

    internal static string RetirementWarning(ModelRetirement retired) =>
        $"{retired.Model} was shut down by OpenAI on {retired.Day}"
        + (retired.UseInstead is { } use ? $"; use -Model {use} instead." : ".")
        + " The request is sent anyway, for a server that still serves it (an Azure deployment or a compatible server).";

    private void ReportPartial(int activityId, string activity, PartialImage partial, int expected)
    {
        var number = partial.Sequence + 1;
        _ = WriteProgressAsync(new ProgressRecord(activityId, activity, expected > 0 ? $"Partial image {number} of {expected}" : $"Partial image {number}")
        {
            CurrentOperation = partial.Path ?? $"{partial.Data.Length} bytes",
            // The completed image still follows the last partial, so this never reaches 100.
            PercentComplete = expected > 0 ? Math.Min(99, number * 100 / (expected + 1)) : -1,
        });
        if (partial.Path is { } path)
        {
            _ = WriteVerboseAsync($"Saved partial image {number} to '{path}'.");
        }
    }

    private async Task WriteResultsAsync(ImageEditResult result)
    {
        foreach (var image in result.Images)
        {
            if (image.Path is { } path)
            {
                await WriteVerboseAsync($"Saved image {image.Index} to '{path}'.").ConfigureAwait(false);
            }
            if (!PassThru.IsPresent)
            {
                await WriteObjectAsync(image).ConfigureAwait(false);
            }
            else if (image.Path is { } saved)
            {
                await WriteObjectAsync(new FileInfo(saved)).ConfigureAwait(false);
            }
        }
        if (result.Usage is { } usage)
        {
            await WriteVerboseAsync($"Usage: {usage}.").ConfigureAwait(false);
        }
    }
}

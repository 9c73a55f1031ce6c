using OpenAI.Emulator.Http;
using OpenAI.Emulator.Logging;

namespace OpenAI.Emulator.Faults;

/// <summary>Carries out one fault for one request.</summary>
internal static class FaultApplier
{
    public static async Task ApplyAsync(HttpContext ctx, Fault fault, RequestDelegate next, long drainCap)
    {
        var recording = ctx.Features.Get<RequestRecording>();
        switch (fault.Kind)
        {
            case FaultKind.Status:
                await WriteStatusAsync(ctx, fault, drainCap);
                break;

            case FaultKind.Delay:
                await Task.Delay(fault.Delay, ctx.RequestAborted);
                await next(ctx);
                break;

            case FaultKind.HoldAnswer:
                await HoldAnswerAsync(ctx, fault.Delay, next);
                break;

            case FaultKind.AbortRequestMidBody:
                await ReadPrefixAsync(ctx.Request.Body, fault.AbortAfterBytes, ctx.RequestAborted);
                if (recording is not null)
                {
                    recording.Aborted = true;
                }

                ctx.Abort();
                break;

            case FaultKind.AbortResponseMidBody:
                if (recording is not null)
                {
                    recording.Aborted = true;
                }

                var aborting = new AbortingResponseStream(ctx.Response.Body, fault.AbortAfterBytes, ctx);
                ctx.Response.Body = aborting;
                try
                {
                    await next(ctx);
                }
                catch (EmulatorException ex) when (!ctx.Response.HasStarted)
                {
                    await ErrorResponses.WriteAsync(ctx, ex);
                }

                // A body shorter than the limit still ends in an abort, so the fault always fires.
                await aborting.AbortNowAsync();
                break;

            default:
                throw new InvalidOperationException($"Unknown fault kind {fault.Kind}.");
        }
    }

    private static async Task HoldAnswerAsync(HttpContext ctx, TimeSpan delay, RequestDelegate next)
    {
        // The answer is written to memory, so not even its headers leave before the delay.
        var body = ctx.Response.Body;
        using var held = new MemoryStream();
        ctx.Response.Body = held;
        try
        {
            await next(ctx);
        }
        finally
        {
            ctx.Response.Body = body;
        }

        await Task.Delay(delay, ctx.RequestAborted);
        held.Position = 0;
        await held.CopyToAsync(body, ctx.RequestAborted);
    }

    private static async Task WriteStatusAsync(HttpContext ctx, Fault fault, long drainCap)
    {
        await BodyDrain.DrainAsync(ctx.Request.Body, drainCap, ctx.RequestAborted);
        if (fault.Headers is not null)
        {
            foreach (var (name, value) in fault.Headers)
            {
                ctx.Response.Headers[name] = value;
            }
        }

        var code = fault.ErrorCode ?? ErrorResponses.DefaultCode(fault.Status);
        await ErrorResponses.WriteAsync(
            ctx,
            fault.Status,
            fault.Message ?? ErrorResponses.DefaultMessage(fault.Status, code),
            fault.ErrorType ?? ErrorResponses.DefaultType(fault.Status, code),
            param: null,
            code);
    }

    private static async Task ReadPrefixAsync(Stream body, long count, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        long total = 0;
        try
        {
            while (total < count)
            {
                var read = await body.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count - total)), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                total += read;
            }
        }
        catch (Exception e) when (e is IOException or BadHttpRequestException)
        {
            // Client gone already; the abort follows anyway.
        }
    }
}

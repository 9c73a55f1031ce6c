using Microsoft.AspNetCore.Connections;
using OpenAI.Emulator.Azure;
using OpenAI.Emulator.Faults;
using OpenAI.Emulator.Logging;
using OpenAI.Emulator.Shaping;

namespace OpenAI.Emulator.Http;

/// <summary>
/// Runs for every request before routing: request id, logging, Azure paths (rewritten to /v1 before
/// routing sees them), latency, shaping, auth, faults, and turning EmulatorException into OpenAI's error JSON.
/// </summary>
internal sealed class EmulatorMiddleware(RequestDelegate next, EmulatorServer server)
{
    /// <summary>Image downloads stand in for signed blob URLs, which need no key.</summary>
    public const string AnonymousPrefix = "/v1/emulator/images/";

    /// <summary>Emulator-only routes live here (control routes and image downloads).</summary>
    public const string ControlPrefix = "/v1/emulator/";

    public async Task InvokeAsync(HttpContext ctx)
    {
        ctx.Response.Headers["x-request-id"] = Ids.RequestId();
        var recording = new RequestRecording(ctx);
        ctx.Features.Set(recording);
        ctx.Response.OnStarting(() =>
        {
            recording.Commit(server.Requests, ctx.Response.StatusCode);
            return Task.CompletedTask;
        });

        try
        {
            var latency = server.Shaping.Latency;
            if (latency > TimeSpan.Zero)
            {
                await Task.Delay(latency, ctx.RequestAborted);
            }

            InstallStreams(ctx, recording);

            // Faults match the path as sent, so "/openai/v1/files" and "/v1/files" both contain "/files".
            var sentPath = ctx.Request.Path.Value ?? "/";
            var azure = AzurePaths.Recognize(ctx);
            var path = ctx.Request.Path.Value ?? "/";
            var (form, credential) = RequestCredentials.Read(ctx.Request, server.ApiKey, azure is not null);
            recording.Auth = form;
            if (!path.StartsWith(AnonymousPrefix, StringComparison.Ordinal) &&
                (azure is null ? Auth.Check(ctx.Request, server.ApiKey) : AzureAuth.Check(form, credential, server.ApiKey, server.Azure)) is { } denied)
            {
                await BodyDrain.DrainAsync(ctx.Request.Body, server.Options.MaxPartBytes, ctx.RequestAborted);
                await ErrorResponses.WriteAsync(ctx, denied);
                return;
            }

            // Control routes are never faulted: a fault queued for "any path" must hit the client's call, not the queueing.
            if (!IsControlRoute(path) && server.Faults.Take(ctx.Request.Method, sentPath) is { } fault)
            {
                await FaultApplier.ApplyAsync(ctx, fault, next, server.Options.MaxPartBytes);
                return;
            }

            await next(ctx);
        }
        catch (EmulatorException ex) when (!ctx.Response.HasStarted)
        {
            // Read the rest of the body (bounded) so clients that send before reading see the error.
            await BodyDrain.DrainAsync(ctx.Request.Body, server.Options.MaxPartBytes, ctx.RequestAborted);
            await ErrorResponses.WriteAsync(ctx, ex);
        }
        catch (Exception e) when (IsDisconnect(e, ctx))
        {
            recording.Aborted = true;
        }
        catch (Exception e) when (!ctx.Response.HasStarted && !ctx.RequestAborted.IsCancellationRequested)
        {
            // A bug in the emulator: answer like OpenAI's 500 but say what broke.
            await ErrorResponses.WriteAsync(ctx, 500, "Emulator error: " + e.Message, "server_error", null, null);
        }
        finally
        {
            if (ctx.RequestAborted.IsCancellationRequested)
            {
                recording.Aborted = true;
            }

            recording.Commit(server.Requests, ctx.Response.StatusCode);
        }
    }

    /// <summary>The emulator-only routes that steer it (/v1/emulator/..., but not its image downloads).</summary>
    private static bool IsControlRoute(string path) =>
        path.StartsWith(ControlPrefix, StringComparison.Ordinal) && !path.StartsWith(AnonymousPrefix, StringComparison.Ordinal);

    private void InstallStreams(HttpContext ctx, RequestRecording recording)
    {
        var bandwidth = server.Shaping.BandwidthBytesPerSecond;
        ctx.Request.Body = new ShapedRequestStream(
            ctx.Request.Body, recording, bandwidth is { } up ? new BandwidthPacer(up) : null);
        if (bandwidth is { } down)
        {
            ctx.Response.Body = new ShapedResponseStream(ctx.Response.Body, new BandwidthPacer(down));
        }
    }

    private static bool IsDisconnect(Exception e, HttpContext ctx) =>
        ctx.RequestAborted.IsCancellationRequested || e is ConnectionResetException || e is BadHttpRequestException;
}

using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using OpenAI.Emulator.Azure;
using OpenAI.Emulator.Batches;
using OpenAI.Emulator.Control;
using OpenAI.Emulator.Files;
using OpenAI.Emulator.Http;
using OpenAI.Emulator.Images;
using OpenAI.Emulator.Uploads;

namespace OpenAI.Emulator;

/// <summary>
/// A fake OpenAI server (Uploads, Files, Batches and image edits) on 127.0.0.1, with faults and shaping on
/// demand; the same routes also answer as Azure OpenAI's v1 API under /openai/v1 (see <see cref="Azure"/>).
/// </summary>
public sealed class EmulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _storage;
    private readonly bool _ownsStorage;
    private Uri? _baseUri;
    private int _disposed;

    private EmulatorServer(EmulatorOptions options)
    {
        Options = options;
        ApiKey = options.ApiKey;
        _ownsStorage = options.StorageDirectory is null;
        _storage = options.StorageDirectory ??
                   Path.Combine(Path.GetTempPath(), "openai-emulator-" + Guid.NewGuid().ToString("N"));
        Clock = new ManualClock(options.RealTimeClock);
        State = new EmulatorState(_storage, Clock);
        DateOnly Today() => options.Today ?? DateOnly.FromDateTime(Clock.UtcNow.UtcDateTime);
        Azure = new AzureEmulation(Clock, Today, options.AzureDeployments);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null;      // parts are streamed; benchmarks send GBs
            kestrel.Limits.MinRequestBodyDataRate = null;  // low bandwidth caps must not trip Kestrel's timeout
            kestrel.Limits.MinResponseDataRate = null;
            kestrel.Listen(IPAddress.Loopback, options.Port);
        });

        _app = builder.Build();
        _app.UseMiddleware<EmulatorMiddleware>(this);
        _app.UseRouting();  // after the middleware, so routes see Azure paths already rewritten to /v1

        var uploads = new UploadOperations(State, options, Clock);
        UploadEndpoints.Map(_app, uploads, State);
        FileEndpoints.Map(_app, State, Clock);
        var images = new GeneratedImages();
        var editResponder = new ImageEditResponder(images, Clock, () => BaseUri);
        ImageEndpoints.Map(_app, State, options, images, editResponder, Today, Azure);
        Batches = new BatchProcessor(options, Clock, State, new BatchLineExecutor(State, options, Clock, images, editResponder, Today, Azure));
        BatchEndpoints.Map(_app, Batches, State);
        ControlEndpoints.Map(_app, this);
        FaultControlEndpoints.Map(_app, Faults);
        AzureControlEndpoints.Map(_app, Azure);
        _app.MapFallback("{**path}", ctx => throw (AzurePaths.Of(ctx) is not null
            ? AzureErrors.ResourceNotFound()
            : new EmulatorException(StatusCodes.Status404NotFound, $"Invalid URL ({ctx.Request.Method} {ctx.Request.Path})")));
    }

    /// <summary>Starts a server; dispose it to stop it and delete its temp storage.</summary>
    public static async Task<EmulatorServer> StartAsync(EmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        var server = new EmulatorServer(options ?? new EmulatorOptions());
        try
        {
            await server._app.StartAsync(cancellationToken);
            var address = server._app.Services.GetRequiredService<IServer>().Features
                .Get<IServerAddressesFeature>()!.Addresses.First();
            server._baseUri = new Uri($"http://127.0.0.1:{new Uri(address).Port}/v1");
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>e.g. http://127.0.0.1:12345/v1 (no trailing slash).</summary>
    public Uri BaseUri => _baseUri ?? throw new InvalidOperationException("The emulator has not started.");

    /// <summary>The Azure OpenAI v1 base URL, e.g. http://127.0.0.1:12345/openai/v1 (a resource's https://&lt;resource&gt;.openai.azure.com/openai/v1).</summary>
    public Uri AzureBaseUri => new(BaseUri.GetLeftPart(UriPartial.Authority) + AzurePaths.ResourcePrefix);

    /// <summary>A project endpoint's base URL, e.g. http://127.0.0.1:12345/api/projects/demo/openai/v1 (no Uploads API there).</summary>
    public Uri AzureProjectBaseUri(string project = "emulator") =>
        new(BaseUri.GetLeftPart(UriPartial.Authority) + "/api/projects/" + Uri.EscapeDataString(project) + AzurePaths.ResourcePrefix);

    public string ApiKey { get; }
    public ManualClock Clock { get; }
    public FaultInjector Faults { get; } = new();
    public NetworkShaping Shaping { get; } = new();
    public RequestLog Requests { get; } = new();
    public EmulatorState State { get; }

    /// <summary>Azure OpenAI v1: tokens to issue and revoke, deployments, and counts of requests per credential.</summary>
    public AzureEmulation Azure { get; }

    /// <summary>The background batch processor: pause, step, expire, wait, and its pace and failure knobs.</summary>
    public BatchProcessor Batches { get; }

    /// <summary>The day that decides which image models are shut down; null follows <see cref="Clock"/>. See <see cref="EmulatorOptions.Today"/>.</summary>
    public DateOnly? Today
    {
        get => Options.Today;
        set => Options.Today = value;
    }

    internal EmulatorOptions Options { get; }

    /// <summary>Signalled when the host begins shutting down (e.g. SIGTERM).</summary>
    internal CancellationToken Stopping => _app.Lifetime.ApplicationStopping;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await Batches.StopAsync();
        try
        {
            await _app.StopAsync();
        }
        catch (OperationCanceledException)
        {
            // Shutdown timeout hit with requests still open; disposing below ends them.
        }

        await _app.DisposeAsync();
        if (_ownsStorage)
        {
            TryDeleteStorage();
        }
    }

    private void TryDeleteStorage()
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                if (Directory.Exists(_storage))
                {
                    Directory.Delete(_storage, recursive: true);
                }

                return;
            }
            catch (IOException)
            {
                Thread.Sleep(50);
            }
            catch (UnauthorizedAccessException)
            {
                Thread.Sleep(50);
            }
        }
    }
}

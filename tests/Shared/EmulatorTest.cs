using OpenAI.Emulator;

namespace OpenAI.PowerShell.TestSupport;

/// <summary>
/// Base of tests that talk to the emulator: xunit makes a new instance per test, so each test gets
/// its own fresh server (faults, request log, clock and state are never shared), started before the
/// test and stopped after it, and a temp folder made on first use and removed afterwards.
/// </summary>
public abstract class EmulatorTest : IAsyncLifetime
{
    private readonly Lazy<TestFiles> _files = new(() => new TestFiles());
    private EmulatorServer? _server;

    protected EmulatorServer Server => _server ?? throw new InvalidOperationException("The emulator has not started.");

    /// <summary>Temporary files for this test, created on first use.</summary>
    protected TestFiles Files => _files.Value;

    /// <summary>Options for this test's emulator; override to change limits.</summary>
    protected virtual EmulatorOptions EmulatorOptions => new();

    public virtual async Task InitializeAsync() => _server = await EmulatorServer.StartAsync(EmulatorOptions);

    public virtual async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        if (_files.IsValueCreated)
        {
            _files.Value.Dispose();
        }
    }
}

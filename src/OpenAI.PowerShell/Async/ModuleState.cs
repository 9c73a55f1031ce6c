using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Uploads;

namespace OpenAI.PowerShell.Async;

/// <summary>
/// What the module remembers between commands: the session context, the uploads it tracks, and the
/// File and batch ids it has seen (for Tab).
/// It belongs to one import of the module in one runspace, so Remove-Module forgets it and two
/// runspaces in one process (hosts, thread jobs) keep their own.
/// </summary>
internal sealed class ModuleState
{
    private static readonly ConditionalWeakTable<PSModuleInfo, ModuleState> ByModule = new();
    private static readonly ModuleState WithoutModule = new();

    public SessionContextStore Context { get; } = new();
    public UploadSession Uploads { get; } = new();
    public RecentIds Files { get; } = new();
    public RecentIds Batches { get; } = new();

    /// <summary>The endpoint of each batch input File this session checked, so Start-OAIBatch needs no -Endpoint for it.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, string> BatchEndpoints { get; } = new(StringComparer.Ordinal);

    public static ModuleState For(PSCmdlet cmdlet) => For(cmdlet.MyInvocation.MyCommand?.Module);

    private static ModuleState For(PSModuleInfo? module) => module is not null ? ByModule.GetValue(module, _ => new ModuleState()) : WithoutModule;

    /// <summary>
    /// The state of the import that <paramref name="commandName"/> resolves to in the runspace
    /// being completed in, or null when that cannot be told. An argument completer gets no cmdlet
    /// to ask, so this asks Get-Command in a nested pipeline of the current runspace: the same
    /// lookup the command line itself will make.
    /// </summary>
    public static ModuleState? ForCompletion(string commandName)
    {
        if (Runspace.DefaultRunspace is null || string.IsNullOrEmpty(commandName))
        {
            return null;
        }
        try
        {
            using var shell = System.Management.Automation.PowerShell.Create(RunspaceMode.CurrentRunspace);
            var ours = shell.AddCommand("Get-Command")
                .AddParameter("Name", commandName)
                .AddParameter("CommandType", CommandTypes.Cmdlet)
                .AddParameter("ErrorAction", ActionPreference.Ignore)
                .Invoke<CmdletInfo>()
                .FirstOrDefault(c => c.ImplementingType?.Assembly == typeof(ModuleState).Assembly);
            return ours is null ? null : For(ours.Module);
        }
        catch (Exception ex) when (ex is RuntimeException or InvalidOperationException)
        {
            // Completion offers nothing rather than failing the user's Tab.
            return null;
        }
    }
}

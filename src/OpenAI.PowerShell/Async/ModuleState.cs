using System.Management.Automation;
using System.Runtime.CompilerServices;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Uploads;

namespace OpenAI.PowerShell.Async;

/// <summary>
/// What the module remembers between commands: the session context and the uploads it tracks.
/// It belongs to one import of the module in one runspace, so Remove-Module forgets it and two
/// runspaces in one process (hosts, thread jobs) keep their own.
/// </summary>
internal sealed class ModuleState
{
    private static readonly ConditionalWeakTable<PSModuleInfo, ModuleState> ByModule = new();
    private static readonly ModuleState WithoutModule = new();

    public SessionContextStore Context { get; } = new();
    public UploadSession Uploads { get; } = new();

    public static ModuleState For(PSCmdlet cmdlet) =>
        cmdlet.MyInvocation.MyCommand?.Module is { } module ? ByModule.GetValue(module, _ => new ModuleState()) : WithoutModule;
}

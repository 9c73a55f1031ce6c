using System.Management.Automation;
using System.Reflection;

namespace OpenAI.PowerShell;

/// <summary>
/// On Windows PowerShell there are no binding redirects for a module, so the desktop build
/// answers assembly requests for the dependencies it ships from its own folder.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private static readonly string ModuleDirectory = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? "";

    public void OnImport()
    {
#if !NET
        AppDomain.CurrentDomain.AssemblyResolve += ResolveShipped;
#endif
    }

    public void OnRemove(PSModuleInfo psModuleInfo)
    {
#if !NET
        AppDomain.CurrentDomain.AssemblyResolve -= ResolveShipped;
#endif
    }

    internal static Assembly? ResolveShipped(object? sender, ResolveEventArgs args)
    {
        var name = new AssemblyName(args.Name).Name;
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }
        var candidate = Path.Combine(ModuleDirectory, name + ".dll");
        return File.Exists(candidate) ? Assembly.LoadFrom(candidate) : null;
    }
}

namespace OpenAI.PowerShell.Tests.Packaging;

/// <summary>Where the repository and the built module folder are, found from the test's own location.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string ModuleFolder => Path.Combine(Root, "out", "OpenAI.PowerShell");

    public static string CoreFolder => Path.Combine(ModuleFolder, "core");

    public static string DesktopFolder => Path.Combine(ModuleFolder, "desktop");

    public static string NuGetPackages =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES")
        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OpenAI.PowerShell.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("OpenAI.PowerShell.sln was not found above " + AppContext.BaseDirectory);
    }
}

namespace OpenAI.PowerShell.Hosted.Tests.Hosting;

/// <summary>Where the repository and the built module folder are, found from the test's own location.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string ModuleFolder => Path.Combine(Root, "out", "OpenAI.PowerShell");

    public static string ModuleManifest => Path.Combine(ModuleFolder, "OpenAI.PowerShell.psd1");

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

using System.Diagnostics;
using System.Text.Json;

namespace GuestAccess.Server.Tests.Deployment;

/// <summary>The repository checkout the tests run from, and YAML read with Debian's python3-yaml (build.sh installs it).</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.GetFullPath(Path.Combine(Root, relative));

    /// <summary>Parses a YAML file (anchors and merge keys resolved) into JSON with PyYAML's safe loader.</summary>
    public static JsonElement ReadYaml(string relative)
    {
        var start = new ProcessStartInfo("python3", ["-c", "import json,sys,yaml; json.dump(yaml.safe_load(open(sys.argv[1], encoding='utf-8')), sys.stdout)", PathOf(relative)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var python = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start.");
        var stdout = python.StandardOutput.ReadToEndAsync();
        var stderr = python.StandardError.ReadToEndAsync();
        Assert.True(python.WaitForExit(TimeSpan.FromSeconds(30)), "python3 did not finish parsing " + relative);
        Assert.True(python.ExitCode == 0, $"{relative} does not parse as YAML: {stderr.Result}");
        using var json = JsonDocument.Parse(stdout.Result);
        return json.RootElement.Clone();
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "GuestAccess.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The tests run outside the repository (no GuestAccess.sln above " + AppContext.BaseDirectory + ").");
    }
}

using System.Diagnostics;

namespace GuestAccess.Server.IntegrationTests.Hosting;

/// <summary>The server binary as an operator runs it: real processes, real exit codes.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("guestaccess-cli-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task Serve_UnknownDatabaseProvider_StopsWithOneLineNamingTheSetting()
    {
        var (code, _, error) = await RunAsync("--Database:Provider=Oracle");

        Assert.Equal(2, code);
        Assert.Equal("GuestAccess cannot start: Database:Provider 'Oracle' is not supported. Use one of: Sqlite, PostgreSql.", error.Trim());
    }

    [Fact]
    public async Task Serve_DataDirectoryInsideAFile_StopsNamingTheSetting()
    {
        File.WriteAllText(Path.Combine(_work, "afile"), "x");

        var (code, _, error) = await RunAsync($"--Storage:DataDirectory={Path.Combine(_work, "afile", "data")}");

        Assert.Equal(2, code);
        Assert.StartsWith("GuestAccess cannot start: Storage:DataDirectory", error.Trim());
        Assert.Contains("is a file, not a directory", error);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Serve_MalformedSeedFile_StopsNamingFileAndLine()
    {
        var seeds = Path.Combine(_work, "seeds", "sites");
        Directory.CreateDirectory(seeds);
        File.WriteAllText(Path.Combine(seeds, "x.json"), "{\n  \"slug\": \"x\",\n  \"name\": 42\n}\n");

        var (code, _, error) = await RunAsync($"--Seed:Directory={Path.Combine(_work, "seeds")}");

        Assert.Equal(2, code);
        Assert.Contains($"{Path.Combine(seeds, "x.json")}:3:", error);
        Assert.DoesNotContain("   at ", error); // no stack trace
    }

    [Fact]
    public async Task Migrate_FreshDataDirectory_ReportsTheAppliedMigrations()
    {
        var (code, output, _) = await RunAsync("migrate");

        Assert.Equal(0, code);
        Assert.Contains("Migrated from schema version 0 to", output);
        Assert.Contains("0001_initial", output);

        var (again, secondOutput, _) = await RunAsync("migrate");
        Assert.Equal(0, again);
        Assert.Contains("up to date", secondOutput);
    }

    [Fact]
    public async Task SeedFresh_ExistingDatabase_IsReplacedByAFreshlySeededOne()
    {
        Assert.Equal(0, (await RunAsync("seed")).Code);

        var (code, output, _) = await RunAsync("seed", "--fresh");

        Assert.Equal(0, code);
        Assert.Contains("Deleted", output);
        Assert.Contains("8 demo accounts created", output);
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _work,
            Environment = { ["DOTNET_ENVIRONMENT"] = "Development", ["ASPNETCORE_ENVIRONMENT"] = "Development", ["Logging__LogLevel__Default"] = "Warning" },
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "GuestAccess.Server.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        if (!args.Any(a => a.StartsWith("--urls", StringComparison.Ordinal)))
        {
            start.ArgumentList.Add("--urls=http://127.0.0.1:0");
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The server did not exit: {string.Join(' ', args)}\n{await output}\n{await error}");
        }

        return (process.ExitCode, await output, await error);
    }
}

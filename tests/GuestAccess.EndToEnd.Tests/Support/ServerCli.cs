using System.Diagnostics;

namespace GuestAccess.EndToEnd.Tests.Support;

/// <summary>Runs a verb of the server binary as an operator would, to completion.</summary>
public static class ServerCli
{
    public static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, Environment = { ["DOTNET_ENVIRONMENT"] = "Development" } };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "GuestAccess.Server.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}

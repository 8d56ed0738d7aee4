using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace GuestAccess.Benchmarks.Scale;

/// <summary>
/// The GuestAccess server binary as a child process (`serve`), on loopback ports chosen by the OS,
/// its log in the data directory. Killed with SIGKILL when asked: nothing graceful.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private ServerProcess(Process process, StreamWriter log, int httpPort)
    {
        _process = process;
        _log = log;
        HttpPort = httpPort;
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    public int HttpPort { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{HttpPort}");

    public static string ServerDll => Path.Combine(AppContext.BaseDirectory, "GuestAccess.Server.dll");

    /// <summary>Starts `serve` on <paramref name="database"/> with more configuration (e.g. the broker mode).</summary>
    public static async Task<ServerProcess> StartAsync(ScaleDatabase database, int httpPort, string[] settings)
    {
        var info = ServerStart(database, ["serve", $"--urls=http://127.0.0.1:{httpPort}", .. settings]);
        var log = new StreamWriter(Path.Combine(database.DataDirectory, "server.log"), append: true) { AutoFlush = true };
        var server = new ServerProcess(Process.Start(info)!, log, httpPort);
        await server.WaitReadyAsync(TimeSpan.FromMinutes(5));
        return server;
    }

    /// <summary>Runs another verb of the server binary to completion (seed, locks mosquitto-config).</summary>
    public static async Task RunVerbAsync(ScaleDatabase database, params string[] args)
    {
        var info = ServerStart(database, args);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"server {string.Join(' ', args)} failed: {await output}{await error}");
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public long ResidentBytes() => ProcessStats.ResidentBytes(_process.Id);

    /// <summary>SIGKILL, as a crash would.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM first: a graceful stop flushes nothing we need, but it is the polite end.
            using var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
            await term.WaitForExitAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                await KillAsync();
            }
        }

        _process.Dispose();
        await _log.DisposeAsync();
    }

    private static ProcessStartInfo ServerStart(ScaleDatabase database, string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = database.DataDirectory,
            Environment = { ["ASPNETCORE_ENVIRONMENT"] = "Development", ["DOTNET_ENVIRONMENT"] = "Development" },
        };
        info.ArgumentList.Add(ServerDll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.ArgumentList.Add($"--Storage:DataDirectory={database.DataDirectory}");
        foreach (var setting in database.ServerSettings)
        {
            info.ArgumentList.Add(setting);
        }

        info.ArgumentList.Add("--Logging:LogLevel:Default=Warning");

        // The MQTT client's connection changes are information: what a failure run needs to read server.log.
        info.ArgumentList.Add("--Logging:LogLevel:GuestAccess.Mqtt=Information");
        foreach (var extra in Environment.GetEnvironmentVariable("GA_SCALE_SERVER_ARGS")?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [])
        {
            info.ArgumentList.Add(extra); // more server settings for one run, e.g. log levels while debugging a failure
        }
        return info;
    }

    private async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with code {_process.ExitCode}; see server.log.");
            }

            try
            {
                using var response = await http.GetAsync("/health/ready");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && DateTime.UtcNow < deadline)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The server did not become ready.");
            }

            await Task.Delay(200);
        }
    }

    private void Write(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.WriteLine(line);
            }
        }
    }
}

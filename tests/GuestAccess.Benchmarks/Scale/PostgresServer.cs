using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace GuestAccess.Benchmarks.Scale;

/// <summary>
/// A throwaway PostgreSQL (the newest under /usr/lib/postgresql) for one `scale --postgres` run:
/// initdb in a temporary directory, started by pg_ctl on a Unix socket in that directory only (no
/// TCP port), as the postgres user through runuser when this runs as root (PostgreSQL refuses
/// root). Durable like the SQLite side (fsync and synchronous_commit on, the defaults), so the
/// comparison is like for like. Stopped and deleted on dispose; a detached watchdog does the same
/// if this process dies first, so no cluster is left behind.
/// </summary>
internal sealed class PostgresServer : IAsyncDisposable
{
    private readonly string _root;
    private readonly string _pgCtl;
    private readonly string? _user;

    private PostgresServer(string root, string pgCtl, string? user, string connectionString, int pid)
    {
        _root = root;
        _pgCtl = pgCtl;
        _user = user;
        ConnectionString = connectionString;
        Pid = pid;
    }

    /// <summary>The benchmark's database (<c>guestaccess</c>), for the server and the probe.</summary>
    public string ConnectionString { get; }

    /// <summary>The postmaster; its children are the backends (see <see cref="ProcessStats.TreeCpuSeconds"/>).</summary>
    public int Pid { get; }

    public string Version { get; private set; } = "";

    public static async Task<PostgresServer> StartAsync()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "pg_ctl")))
                .OrderByDescending(d => d, StringComparer.Ordinal).FirstOrDefault()
            : null;
        if (bin is null)
        {
            throw new InvalidOperationException("--postgres: PostgreSQL is not installed (apt-get install postgresql; ./build.sh deps does it).");
        }

        var root = Directory.CreateTempSubdirectory("ga-scale-pg-").FullName;
        var user = Environment.UserName == "root" ? "postgres" : null;
        if (user is not null)
        {
            await RunAsync("chown", null, "postgres:postgres", root);
        }

        var data = Path.Combine(root, "data");
        var pgCtl = Path.Combine(bin, "pg_ctl");
        await RunAsync(Path.Combine(bin, "initdb"), user, "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8");
        await RunAsync(pgCtl, user, "-D", data, "-l", Path.Combine(root, "log"), "-o", $"-k {root} -c listen_addresses= -c max_connections=200 -c shared_buffers=256MB", "-w", "-t", "60", "start");
        StartWatchdog(pgCtl, user, root);
        var admin = $"Host={root};Username=postgres;Database=postgres;Pooling=false";
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE DATABASE guestaccess", connection);
            await create.ExecuteNonQueryAsync();
        }

        var pid = int.Parse((await File.ReadAllLinesAsync(Path.Combine(data, "postmaster.pid")))[0], CultureInfo.InvariantCulture);
        var server = new PostgresServer(root, pgCtl, user, $"Host={root};Username=postgres;Database=guestaccess;Maximum Pool Size=50", pid);
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var version = new NpgsqlCommand("SHOW server_version", connection);
            server.Version = (string)(await version.ExecuteScalarAsync())!;
        }

        return server;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await RunAsync(_pgCtl, _user, "-D", Path.Combine(_root, "data"), "-m", "fast", "-w", "stop");
        Directory.Delete(_root, recursive: true);
    }

    // Detached: outlives this process, and when it ends (however) stops the cluster and deletes it.
    private static void StartWatchdog(string pgCtl, string? user, string root)
    {
        var stop = user is null ? $"'{pgCtl}'" : $"runuser -u {user} -- '{pgCtl}'";
        var script = $"exec </dev/null >/dev/null 2>&1; tail --pid={Environment.ProcessId} -f /dev/null; [ -d '{root}/data' ] && {stop} -D '{root}/data' -m immediate -w stop; rm -rf '{root}'";
        var start = new ProcessStartInfo("setsid") { UseShellExecute = false, WorkingDirectory = "/" };
        foreach (var argument in new[] { "sh", "-c", script })
        {
            start.ArgumentList.Add(argument);
        }

        Process.Start(start)!.Dispose();
    }

    private static async Task RunAsync(string program, string? user, params string[] arguments)
    {
        var start = new ProcessStartInfo(user is null ? program : "runuser") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = "/" };
        foreach (var argument in (user is null ? [] : (string[])["-u", user, "--", program]).Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} failed ({process.ExitCode}): {await error}{await output}");
        }
    }
}

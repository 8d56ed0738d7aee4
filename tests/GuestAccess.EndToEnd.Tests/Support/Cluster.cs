using GuestAccess.FirmwareSim.Fleet;
using GuestAccess.LockProtocol.Provisioning;
using GuestAccess.Server.Hosting;
using GuestAccess.Server.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Npgsql;

namespace GuestAccess.EndToEnd.Tests.Support;

/// <summary>
/// The production shape on one machine: a PostgreSQL database of its own in the throwaway test
/// cluster, a real Mosquitto configured with the files <c>locks mosquitto-config</c> wrote, and
/// server processes (<see cref="ServerProcess"/>) in external-broker mode on that database and one
/// shared data directory (signing key, Data Protection keys). <see cref="Issuer"/> is the same
/// server built in this process but not started: it stages grants like any instance would.
/// </summary>
public sealed class Cluster : IAsyncDisposable
{
    private readonly List<ServerProcess> _servers = [];

    private Cluster(FleetHost provisioner, string connectionString, Mosquitto broker, ProvisioningBundle bundle, WebApplication issuer)
    {
        Provisioner = provisioner;
        ConnectionString = connectionString;
        Broker = broker;
        Bundle = bundle;
        Issuer = issuer;
    }

    public FleetHost Provisioner { get; }

    public string ConnectionString { get; }

    public Mosquitto Broker { get; }

    public ProvisioningBundle Bundle { get; }

    public WebApplication Issuer { get; }

    public string DataDirectory => Provisioner.DataDirectory;

    public string[] DatabaseSettings => ["--Database:Provider=PostgreSql", $"--Database:ConnectionString={ConnectionString}"];

    public static async Task<Cluster> StartAsync()
    {
        var connectionString = PostgresCluster.CreateDatabase();
        string[] database = ["--Database:Provider=PostgreSql", $"--Database:ConnectionString={connectionString}"];
        // Embedded once, in Development: seeds, provisions every seeded lock and writes the simulator's bundle.
        var provisioner = await FleetHost.StartAsync(database);
        var bundle = provisioner.Bundle;
        await provisioner.StopServerAsync();
        var files = Path.Combine(provisioner.DataDirectory, "mosquitto-files");
        var (code, output, error) = await ServerCli.RunAsync(["locks", "mosquitto-config", "--out", files, $"--Storage:DataDirectory={provisioner.DataDirectory}", "--Seed:DemoAccounts=false", .. database]);
        Assert.True(code == 0, output + error);
        var broker = await Mosquitto.StartAsync(provisioner.DataDirectory, files);
        var issuer = ServerApp.Build([$"--Storage:DataDirectory={provisioner.DataDirectory}", "--environment=Development", "--Seed:DemoAccounts=false", .. database]);
        return new Cluster(provisioner, connectionString, broker, bundle, issuer);
    }

    /// <summary>Starts a server process connected to Mosquitto as <c>ga_server-{name}</c>.</summary>
    public ServerProcess StartServer(string name, params string[] settings)
    {
        var server = ServerProcess.Start(DataDirectory, Broker.Port, [
            "--Mqtt:Mode=External", "--Mqtt:Host=127.0.0.1", $"--Mqtt:Port={Broker.Port}", $"--Mqtt:ClientId=ga_server-{name}",
            .. DatabaseSettings, .. settings]);
        _servers.Add(server);
        return server;
    }

    public Task<LockFleetSimulator> StartSimulatorAsync(Func<SimulatorOptions, SimulatorOptions>? configure = null) =>
        Provisioner.StartSimulatorAsync(
            Bundle.Locks.Select(l => l.Lock.Value),
            o => (configure?.Invoke(o) ?? o) with { Broker = new BrokerEndpoint("127.0.0.1", Broker.Port, false) },
            Bundle);

    /// <summary>Lock partitions held per PostgreSQL session (one session per live server instance).</summary>
    public async Task<List<long>> PartitionsPerInstanceAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT count(*) FROM pg_locks
            WHERE locktype = 'advisory' AND granted AND objsubid = 2 AND classid::bigint = 1195470848
              AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
            GROUP BY pid ORDER BY 1
            """,
            connection);
        var counts = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            counts.Add(reader.GetInt64(0));
        }

        return counts;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        await Issuer.DisposeAsync();
        await Provisioner.DisposeAsync();
        await Broker.DisposeAsync();
        PostgresCluster.DropDatabase(ConnectionString);
    }
}

using GuestAccess.Server.Locks.Dispatch;
using GuestAccess.Server.Persistence;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GuestAccess.Server.Locks.Ownership;

/// <summary>
/// PostgreSQL: decides which lock partitions this instance drives. One dedicated connection holds
/// a membership advisory lock and one session advisory lock per held partition; PostgreSQL frees
/// them the moment the connection ends (a crash, kill -9, a graceful stop), so a partition is
/// never held by two live instances. Every <see cref="ClusterOptions.RebalanceInterval"/> the
/// instance counts the members and moves towards a fair share: it releases partitions above its
/// share (after it has stopped driving them) and takes free ones below it. The same connection
/// LISTENs for signals other instances forward (outbox commits for locks this one drives).
/// </summary>
internal sealed class PostgresOwnershipCoordinator(
    LockOwnership ownership,
    FleetChannels channels,
    IOptions<DatabaseOptions> database,
    IOptions<ClusterOptions> options,
    ILogger<PostgresOwnershipCoordinator> logger) : BackgroundService
{
    /// <summary>Advisory lock key spaces (first int4 key): "GAm" members, "GAp" partitions.</summary>
    private const int MemberSpace = 0x47416D00;
    private const int PartitionSpace = 0x47417000;

    private readonly SortedSet<int> _held = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var forwarding = ForwardAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunSessionAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException or System.IO.IOException)
            {
                // The session (and with it every advisory lock) is gone or about to go: stop driving at once.
                Apply(new HashSet<int>(), "connection lost");
                ClusterLog.OwnershipSessionFailed(logger, e.Message);
                await Task.Delay(options.Value.RebalanceInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        await forwarding.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task RunSessionAsync(CancellationToken stoppingToken)
    {
        await using var connection = new NpgsqlConnection(SessionConnectionString());
        connection.Notification += (_, e) => OnNotification(e.Payload);
        await connection.OpenAsync(stoppingToken);
        // A member whose machine vanishes (no FIN) is noticed by PostgreSQL's keepalive within ~10 s.
        await ExecuteAsync(connection, $"SET tcp_keepalives_idle = 4; SET tcp_keepalives_interval = 2; SET tcp_keepalives_count = 3; LISTEN {ForwardedSignal.Channel}; SELECT pg_advisory_lock({MemberSpace}, pg_backend_pid())", stoppingToken);
        ClusterLog.JoinedCluster(logger);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await RebalanceAsync(connection, stoppingToken);
                await connection.WaitAsync(options.Value.RebalanceInterval, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Graceful stop (the dispatcher has drained): hand every partition over now, not when the socket closes.
            var handed = _held.Count;
            Apply(new HashSet<int>(), "shutdown");
            await ExecuteAsync(connection, "SELECT pg_advisory_unlock_all()", CancellationToken.None);
            ClusterLog.HandedOver(logger, handed);
            throw;
        }
    }

    private async Task RebalanceAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var members = 1;
        var taken = new HashSet<int>();
        await using (var command = new NpgsqlCommand(
            $"""
            SELECT classid::bigint, objid::bigint, pid = pg_backend_pid() FROM pg_locks
            WHERE locktype = 'advisory' AND granted AND objsubid = 2
              AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND classid::bigint IN ({MemberSpace}, {PartitionSpace})
            """,
            connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            var others = 0;
            while (await reader.ReadAsync(cancellationToken))
            {
                var (space, key, mine) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetBoolean(2));
                if (space == MemberSpace && !mine)
                {
                    others++;
                }
                else if (space == PartitionSpace && !mine)
                {
                    taken.Add((int)key);
                }
            }

            members += others;
        }

        var fair = (LockOwnership.Partitions + members - 1) / members;
        if (_held.Count > fair)
        {
            var release = _held.Reverse().Take(_held.Count - fair).ToList();
            Apply(_held.Except(release).ToHashSet(), "rebalance");
            foreach (var partition in release)
            {
                await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({PartitionSpace}, {partition})", cancellationToken);
            }

            ClusterLog.PartitionsReleased(logger, release.Count, _held.Count, members);
            return;
        }

        var acquired = 0;
        foreach (var partition in Enumerable.Range(0, LockOwnership.Partitions).Where(p => !taken.Contains(p) && !_held.Contains(p)))
        {
            if (_held.Count + acquired >= fair)
            {
                break;
            }

            await using var command = new NpgsqlCommand($"SELECT pg_try_advisory_lock({PartitionSpace}, {partition})", connection);
            if (await command.ExecuteScalarAsync(cancellationToken) is true)
            {
                _held.Add(partition);
                acquired++;
            }
        }

        if (acquired > 0)
        {
            Apply(_held.ToHashSet(), "acquired");
            ClusterLog.PartitionsAcquired(logger, acquired, _held.Count, members);
        }
    }

    private void Apply(IReadOnlySet<int> held, string reason)
    {
        var changed = !_held.SetEquals(held) || ownership.HeldCount != held.Count;
        _held.Clear();
        _held.UnionWith(held);
        ownership.Set(held);
        if (changed)
        {
            ClusterLog.OwnershipChanged(logger, held.Count, reason);
            channels.Signal(new FleetInput.OwnershipChanged());
        }
    }

    private void OnNotification(string payload)
    {
        if (!ForwardedSignal.TryParse(payload, out var signal, out var lockIds))
        {
            return;
        }

        if (signal == FleetSignal.OutboxCommitted)
        {
            channels.Signal(new FleetInput.OutboxCommitted(lockIds, Remote: true));
            return;
        }

        foreach (var id in lockIds)
        {
            channels.Signal(new FleetInput.LockChanged(id, Remote: true));
        }
    }

    /// <summary>Sends what the dispatcher forwards, on pooled connections (the session connection waits for notifications).</summary>
    private async Task ForwardAsync(CancellationToken stoppingToken)
    {
        await foreach (var payload in ownership.Forwarded.ReadAllAsync(stoppingToken))
        {
            try
            {
                await using var connection = new NpgsqlConnection(database.Value.ConnectionString);
                await connection.OpenAsync(stoppingToken);
                await using var command = new NpgsqlCommand("SELECT pg_notify(@channel, @payload)", connection);
                command.Parameters.AddWithValue("channel", ForwardedSignal.Channel);
                command.Parameters.AddWithValue("payload", payload);
                await command.ExecuteNonQueryAsync(stoppingToken);
            }
            catch (NpgsqlException e)
            {
                // The owner's periodic outbox scan still finds the rows; only the wake-up is late.
                ClusterLog.ForwardFailed(logger, e.Message);
            }
        }
    }

    private string SessionConnectionString() =>
        new NpgsqlConnectionStringBuilder(database.Value.ConnectionString) { Pooling = false, ApplicationName = "guestaccess-ownership" }.ConnectionString;

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

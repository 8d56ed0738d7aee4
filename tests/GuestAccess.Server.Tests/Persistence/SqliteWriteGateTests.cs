using GuestAccess.Server.Persistence;
using Microsoft.Data.Sqlite;

namespace GuestAccess.Server.Tests.Persistence;

public sealed class SqliteWriteGateTests : IDisposable
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(10);

    private readonly string _directory = Directory.CreateTempSubdirectory("guestaccess-gate-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Waiters_AreServedByPriority_ThenInArrivalOrder()
    {
        var gate = GateFor("order.db");
        var order = new List<string>();
        var holder = await gate.EnterAsync(WritePriority.Request, Long, CancellationToken.None);

        var waiting = new List<Task>
        {
            Waiter(gate, WritePriority.Background, "background-1", order),
            Waiter(gate, WritePriority.Request, "request-1", order),
            Waiter(gate, WritePriority.Background, "background-2", order),
            Waiter(gate, WritePriority.Delivery, "delivery-1", order),
            Waiter(gate, WritePriority.Request, "request-2", order),
        };
        await Task.Delay(50);
        Assert.Empty(order); // nobody gets in while it is held

        holder.Dispose();
        await Task.WhenAll(waiting);

        Assert.Equal(["delivery-1", "request-1", "request-2", "background-1", "background-2"], order);
    }

    [Fact]
    public async Task Waiter_PassedOverTooLong_GoesBeforeMoreUrgentOnes()
    {
        var gate = GateFor("aging.db");
        var order = new List<string>();
        var holder = await gate.EnterAsync(WritePriority.Request, Long, CancellationToken.None);
        var background = Waiter(gate, WritePriority.Background, "background", order);
        await Task.Delay(SqliteWriteGate.MaxPassedOver + TimeSpan.FromMilliseconds(50));
        var delivery = Waiter(gate, WritePriority.Delivery, "delivery", order);
        await Task.Delay(20);

        holder.Dispose();
        await Task.WhenAll(background, delivery);

        Assert.Equal(["background", "delivery"], order);
    }

    [Fact]
    public async Task Timeout_ThrowsSqliteBusy_AndTheGateGoesToTheNextWaiter()
    {
        var gate = GateFor("timeout.db");
        var holder = await gate.EnterAsync(WritePriority.Request, Long, CancellationToken.None);

        var error = await Assert.ThrowsAsync<SqliteException>(async () => await gate.EnterAsync(WritePriority.Delivery, TimeSpan.FromMilliseconds(50), CancellationToken.None));
        Assert.Equal(5, error.SqliteErrorCode); // SQLITE_BUSY, as SQLite itself reports it
        Assert.Throws<SqliteException>(() => gate.Enter(WritePriority.Delivery, TimeSpan.FromMilliseconds(50)));

        var next = gate.EnterAsync(WritePriority.Background, Long, CancellationToken.None).AsTask();
        holder.Dispose();
        using var lease = await next.WaitAsync(Long); // the two that gave up are skipped, not handed the gate
    }

    [Fact]
    public async Task Cancelled_Waiter_IsSkipped()
    {
        var gate = GateFor("cancel.db");
        var holder = await gate.EnterAsync(WritePriority.Request, Long, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var cancelled = gate.EnterAsync(WritePriority.Delivery, Long, cancel.Token).AsTask();
        var next = gate.EnterAsync(WritePriority.Request, Long, CancellationToken.None).AsTask();

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        holder.Dispose();

        using var lease = await next.WaitAsync(Long);
    }

    [Fact]
    public async Task DisposingALeaseTwice_ReleasesOnce()
    {
        var gate = GateFor("twice.db");
        var first = await gate.EnterAsync(WritePriority.Request, Long, CancellationToken.None);
        var second = gate.EnterAsync(WritePriority.Request, Long, CancellationToken.None).AsTask();
        first.Dispose();
        using var holding = await second.WaitAsync(Long);

        first.Dispose(); // must not let a third writer in beside the second
        await Assert.ThrowsAsync<SqliteException>(async () => await gate.EnterAsync(WritePriority.Delivery, TimeSpan.FromMilliseconds(100), CancellationToken.None));
    }

    [Fact]
    public void OneGatePerDatabaseFile_NoneForMemoryOrPostgreSql()
    {
        var file = Path.Combine(_directory, "same.db");
        using var pooled = new SqliteConnection($"Data Source={file};Pooling=True");
        using var own = new SqliteConnection($"Data Source={Path.Combine(_directory, ".", "same.db")};Pooling=False;Foreign Keys=True");
        using var other = new SqliteConnection($"Data Source={Path.Combine(_directory, "other.db")}");
        using var memory = new SqliteConnection("Data Source=:memory:");
        using var postgres = new Npgsql.NpgsqlConnection("Host=localhost");

        Assert.Same(SqliteWriteGate.For(pooled), SqliteWriteGate.For(own));
        Assert.NotSame(SqliteWriteGate.For(pooled), SqliteWriteGate.For(other));
        Assert.Null(SqliteWriteGate.For(memory));
        Assert.Null(SqliteWriteGate.For(postgres));
    }

    /// <summary>
    /// Real SQLite with busy_timeout=0, statements run on the native handle (no retry by
    /// Microsoft.Data.Sqlite either): a writer that meets the write lock gets SQLITE_BUSY at once.
    /// Through the gate, many concurrent writers on their own connections never meet it, and
    /// nothing is lost. (Without the gate, this fails with BUSY results: checked when it was written.)
    /// </summary>
    [Fact]
    public async Task ConcurrentWriters_ThroughTheGate_NeverMeetSqlitesLock()
    {
        var file = Path.Combine(_directory, "writers.db");
        await using (var setup = Open(file))
        {
            Assert.Equal(0, Exec(setup, "PRAGMA journal_mode=WAL; CREATE TABLE t (writer INTEGER, n INTEGER);"));
        }

        const int Writers = 8;
        const int Rounds = 40;
        var gate = SqliteWriteGate.For(new SqliteConnection($"Data Source={file}"))!;
        var priorities = new[] { WritePriority.Delivery, WritePriority.Request, WritePriority.Background };
        var inside = 0;
        var results = await Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            var codes = new List<int>();
            await using var connection = Open(file);
            codes.Add(Exec(connection, "PRAGMA busy_timeout=0;"));
            for (var n = 0; n < Rounds; n++)
            {
                using var lease = writer % 2 == 0
                    ? await gate.EnterAsync(priorities[writer % 3], Long, CancellationToken.None)
                    : gate.Enter(priorities[writer % 3], Long);
                Assert.Equal(1, Interlocked.Increment(ref inside));
                codes.Add(Exec(connection, "BEGIN IMMEDIATE;"));
                codes.Add(Exec(connection, $"INSERT INTO t VALUES ({writer}, {n});"));
                await Task.Yield();
                codes.Add(Exec(connection, "COMMIT;"));
                Interlocked.Decrement(ref inside);
            }

            return codes;
        })));

        Assert.All(results.SelectMany(c => c), code => Assert.Equal(0 /* SQLITE_OK, never SQLITE_BUSY */, code));
        await using var check = Open(file);
        using var count = check.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM t";
        Assert.Equal((long)Writers * Rounds, (long)count.ExecuteScalar()!);
    }

    private SqliteWriteGate GateFor(string name) => SqliteWriteGate.For(new SqliteConnection($"Data Source={Path.Combine(_directory, name)}"))!;

    private static async Task Waiter(SqliteWriteGate gate, WritePriority priority, string name, List<string> order)
    {
        using var lease = await gate.EnterAsync(priority, Long, CancellationToken.None);
        lock (order)
        {
            order.Add(name);
        }
    }

    private static SqliteConnection Open(string file)
    {
        var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        return connection;
    }

    /// <summary>Runs <paramref name="sql"/> on the native handle and returns SQLite's result code (no retries).</summary>
    private static int Exec(SqliteConnection connection, string sql) => SQLitePCL.raw.sqlite3_exec(connection.Handle, sql);
}

using System.Collections.Frozen;
using GuestAccess.FirmwareSim.Device;
using GuestAccess.FirmwareSim.Faults;
using GuestAccess.LockProtocol.Provisioning;
using GuestAccess.LockProtocol.Signing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GuestAccess.FirmwareSim.Fleet;

/// <summary>
/// Runs the locks of a provisioning bundle in this process: one <see cref="SimulatedLock"/> and one
/// MQTT client per lock, no thread per lock, one shared key set and one housekeeping timer for the
/// whole fleet (periodic status, scheduled disconnect and restart faults).
/// </summary>
public sealed class LockFleetSimulator : IAsyncDisposable
{
    private readonly FrozenDictionary<string, SimulatedLock> _byId;
    private readonly LockRuntime _runtime;
    private readonly TrustedKeySet _trustedKeys;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Dictionary<SimulatedLock, (DateTimeOffset Disconnect, DateTimeOffset Restart)> _faultClock = [];
    private Task _housekeeping = Task.CompletedTask;
    private int _disposed;

    private LockFleetSimulator(IReadOnlyList<SimulatedLock> locks, LockRuntime runtime, TrustedKeySet trustedKeys)
    {
        Locks = locks;
        _byId = locks.ToFrozenDictionary(l => l.Id.Value, StringComparer.Ordinal);
        _runtime = runtime;
        _trustedKeys = trustedKeys;
    }

    public IReadOnlyList<SimulatedLock> Locks { get; }

    public BrokerEndpoint Broker => _runtime.Broker;

    public SimulatorOptions Options => _runtime.Options;

    /// <summary>The dice of faults and random traffic (seeded by <see cref="SimulatorOptions.RandomSeed"/>).</summary>
    public FaultDice Dice => _runtime.Dice;

    public SimulatedLock this[string lockId] =>
        _byId.TryGetValue(lockId, out var found) ? found : throw new KeyNotFoundException($"No simulated lock '{lockId}'.");

    public bool TryGetLock(string lockId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SimulatedLock? simulatedLock) =>
        _byId.TryGetValue(lockId, out simulatedLock);

    /// <summary>
    /// Boots every lock of <paramref name="bundle"/> (state from disk, a rebooted event) and starts
    /// connecting them; returns when all are booted, not when all are connected
    /// (<see cref="WaitUntilAllConnectedAsync"/>).
    /// </summary>
    public static async Task<LockFleetSimulator> StartAsync(
        ProvisioningBundle bundle,
        SimulatorOptions options,
        ILoggerFactory? loggerFactory = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        foreach (var entry in bundle.Locks)
        {
            // The zone is for local-time input and display; refuse a bundle this machine cannot read.
            _ = TimeZoneInfo.FindSystemTimeZoneById(entry.TimeZone);
        }

        var broker = options.Broker ?? BrokerEndpoint.From(bundle.Broker);
        var runtime = new LockRuntime(options, broker, loggerFactory ?? NullLoggerFactory.Instance, new FaultDice(options.RandomSeed));

        // One key set for the whole fleet: the native key objects are shared, not copied per lock.
        var trustedKeys = bundle.CreateTrustedKeySet();
        var locks = bundle.Locks.Select(entry => new SimulatedLock(entry, trustedKeys, bundle.MobileKeyIssuer, runtime)).ToList();
        var fleet = new LockFleetSimulator(locks, runtime, trustedKeys);
        try
        {
            await Parallel.ForEachAsync(locks, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, (l, token) => new ValueTask(l.BootAsync(token))).ConfigureAwait(false);
        }
        catch
        {
            await fleet.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        fleet._housekeeping = fleet.HousekeepingAsync(fleet._stopping.Token);
        FleetLog.Started(runtime.LoggerFactory.CreateLogger<LockFleetSimulator>(), locks.Count, broker.ToString(), options.StateDirectory);
        return fleet;
    }

    /// <summary>Waits until every lock that is not kept offline is connected.</summary>
    public async Task WaitUntilAllConnectedAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await Task.WhenAll(Locks.Select(l => l.WaitUntilAsync(s => s.Connected || s.Offline, timeout, deadline.Token))).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            var waiting = Locks.Where(l => !l.IsConnected && !l.IsOffline).Select(l => l.Id.Value).Take(10).ToList();
            throw new TimeoutException($"{waiting.Count}+ locks did not connect within {timeout.TotalSeconds:0.#} s (e.g. {string.Join(", ", waiting)}).");
        }
    }

    /// <summary>Sets the faults of every lock.</summary>
    public void SetFaults(FaultProfile faults)
    {
        foreach (var simulatedLock in Locks)
        {
            simulatedLock.Faults = faults;
        }
    }

    /// <summary>Stops every lock deliberately (offline status, clean DISCONNECT).</summary>
    public async Task StopAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _housekeeping.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await Parallel.ForEachAsync(Locks, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (l, _) => await l.StopAsync().ConfigureAwait(false)).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await StopAsync().ConfigureAwait(false);
        foreach (var simulatedLock in Locks)
        {
            await simulatedLock.DisposeAsync().ConfigureAwait(false);
        }

        _trustedKeys.Dispose();
        _runtime.Dispose();
        _stopping.Dispose();
    }

    /// <summary>Once a second: periodic status (and a nudge while events stay unconfirmed), and the disconnect/restart faults that are due.</summary>
    private async Task HousekeepingAsync(CancellationToken cancellationToken)
    {
        var time = _runtime.Options.TimeProvider;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var now = time.GetUtcNow();
                foreach (var simulatedLock in Locks)
                {
                    Tick(simulatedLock, now, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private void Tick(SimulatedLock simulatedLock, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var options = _runtime.Options;
        var statusDue = now - simulatedLock.LastStatusAt >= options.StatusInterval
            || (now - simulatedLock.LastStatusAt >= options.UnconfirmedStatusInterval && simulatedLock.HasStaleUnconfirmedEvents(now - options.UnconfirmedStatusInterval));
        if (simulatedLock.IsConnected && statusDue)
        {
            _ = simulatedLock.PublishStatusAsync(cancellationToken);
        }

        var faults = simulatedLock.Faults;
        if (faults.DisconnectEvery is null && faults.RestartEvery is null)
        {
            _faultClock.Remove(simulatedLock);
            return;
        }

        if (!_faultClock.TryGetValue(simulatedLock, out var due))
        {
            due = (now + (faults.DisconnectEvery ?? TimeSpan.Zero), now + (faults.RestartEvery ?? TimeSpan.Zero));
        }

        if (faults.DisconnectEvery is { } disconnectEvery && now >= due.Disconnect)
        {
            _ = simulatedLock.DisconnectAsync();
            due.Disconnect = now + disconnectEvery;
        }

        if (faults.RestartEvery is { } restartEvery && now >= due.Restart)
        {
            _ = PowerCycleQuietlyAsync(simulatedLock, cancellationToken);
            due.Restart = now + restartEvery;
        }

        _faultClock[simulatedLock] = due;
    }

    private static async Task PowerCycleQuietlyAsync(SimulatedLock simulatedLock, CancellationToken cancellationToken)
    {
        try
        {
            await simulatedLock.PowerCycleAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The fleet is stopping.
        }
    }
}

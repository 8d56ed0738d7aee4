using System.Collections.Concurrent;
using System.Diagnostics;
using GuestAccess.FirmwareSim.Device;
using GuestAccess.FirmwareSim.Fleet;
using GuestAccess.LockProtocol.Messages;
using GuestAccess.LockProtocol.Serialization;

namespace GuestAccess.FirmwareSim.Traffic;

/// <summary>
/// Load: entry attempts at random locks at a steady rate (events per second across the fleet).
/// A share <see cref="GrantedRatio"/> uses known credentials (when there are any for the lock),
/// the rest types random PINs (wrong_pin, and locked_out once a keypad locks), and about one in
/// fifty is a door incident. One timer drives the whole fleet; attempts run concurrently, bounded.
/// </summary>
public sealed class RandomTraffic : IAsyncDisposable
{
    private const int MaxOutstanding = 1000;

    private readonly LockFleetSimulator _fleet;
    private readonly TrafficCredentials _credentials;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _outstanding = new(MaxOutstanding, MaxOutstanding);
    private readonly ConcurrentDictionary<string, long> _outcomes = new(StringComparer.Ordinal);
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();
    private readonly Task _loop;
    private long _attempts;
    private int _disposed;

    private RandomTraffic(LockFleetSimulator fleet, double eventsPerSecond, double grantedRatio, TrafficCredentials credentials)
    {
        _fleet = fleet;
        EventsPerSecond = eventsPerSecond;
        GrantedRatio = grantedRatio;
        _credentials = credentials;
        _loop = RunAsync(_stop.Token);
    }

    public double EventsPerSecond { get; }

    public double GrantedRatio { get; }

    public long Attempts => Interlocked.Read(ref _attempts);

    /// <summary>Outcomes so far: "granted", "denied:wrong_pin", "door_forced", …</summary>
    public IReadOnlyDictionary<string, long> Outcomes => _outcomes;

    public static RandomTraffic Start(LockFleetSimulator fleet, double eventsPerSecond, double grantedRatio = 0.7, TrafficCredentials? credentials = null)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(eventsPerSecond);
        ArgumentOutOfRangeException.ThrowIfNegative(grantedRatio);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(grantedRatio, 1);
        return new RandomTraffic(fleet, eventsPerSecond, grantedRatio, credentials ?? TrafficCredentials.None);
    }

    public string Summary() =>
        $"{Attempts} attempts in {_elapsed.Elapsed.TotalSeconds:0.0} s ({Attempts / Math.Max(0.001, _elapsed.Elapsed.TotalSeconds):0.0}/s): " +
        string.Join(", ", _outcomes.OrderByDescending(o => o.Value).Select(o => $"{o.Key} {o.Value}"));

    /// <summary>Stops the traffic and waits for the attempts in flight. Safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        for (var i = 0; i < MaxOutstanding; i++)
        {
            await _outstanding.WaitAsync().ConfigureAwait(false); // let the attempts in flight finish
        }

        _stop.Dispose();
        _outstanding.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var tick = TimeSpan.FromMilliseconds(20);
        using var timer = new PeriodicTimer(tick);
        var last = _elapsed.Elapsed;
        var budget = 0.0;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var now = _elapsed.Elapsed;
                budget += (now - last).TotalSeconds * EventsPerSecond;
                last = now;
                for (; budget >= 1; budget--)
                {
                    await _outstanding.WaitAsync(cancellationToken).ConfigureAwait(false);
                    _ = AttemptAsync(_fleet.Locks[_fleet.Dice.Next(_fleet.Locks.Count)]);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    private async Task AttemptAsync(SimulatedLock target)
    {
        try
        {
            Interlocked.Increment(ref _attempts);
            var dice = _fleet.Dice;
            if (dice.Chance(0.02))
            {
                var incident = dice.Next(3) switch
                {
                    0 => await target.ForceDoorAsync().ConfigureAwait(false),
                    1 => await target.HoldDoorOpenAsync().ConfigureAwait(false),
                    _ => await target.TamperAsync().ConfigureAwait(false),
                };
                Count(WireNames.Of(incident.Kind));
                return;
            }

            var id = target.Id.Value;
            var known = dice.Chance(GrantedRatio);
            EntryResult entry;
            if (known && _credentials.Pins.TryGetValue(id, out var pins) && pins.Count > 0)
            {
                entry = await target.EnterPinAsync(pins[dice.Next(pins.Count)]).ConfigureAwait(false);
            }
            else if (known && _credentials.MobileKeys.TryGetValue(id, out var keys) && keys.Count > 0)
            {
                entry = await target.PresentMobileKeyAsync(keys[dice.Next(keys.Count)]).ConfigureAwait(false);
            }
            else
            {
                entry = await target.EnterPinAsync((10_000_000 + dice.Next(90_000_000)).ToString(System.Globalization.CultureInfo.InvariantCulture)).ConfigureAwait(false);
            }

            Count(entry.Outcome == EntryOutcome.Granted ? "granted" : "denied:" + WireNames.Of(entry.Reason!.Value));
        }
        finally
        {
            _outstanding.Release();
        }
    }

    private void Count(string outcome) => _outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using GuestAccess.FirmwareSim.Fleet;

namespace GuestAccess.Benchmarks.Scale;

/// <summary>
/// Entry traffic for the benchmark: random wrong PINs at random locks at a steady rate (like the
/// simulator's --random-traffic, bounded to 1000 attempts in flight), remembering for each event
/// (lock, sequence) the instant with microseconds. The wire format carries the lock's event time in
/// whole seconds, too coarse for a lag target of 1 s, so the lag is measured from this instant.
/// </summary>
internal sealed class TimedTraffic : IAsyncDisposable
{
    private const int MaxOutstanding = 1000;
    private readonly LockFleetSimulator _fleet;
    private readonly double _rate;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _outstanding = new(MaxOutstanding, MaxOutstanding);
    private readonly ConcurrentQueue<(int Lock, long Sequence, long Micros)> _produced;
    private readonly Task _loop;

    public TimedTraffic(LockFleetSimulator fleet, double rate, ConcurrentQueue<(int Lock, long Sequence, long Micros)> produced)
    {
        _fleet = fleet;
        _rate = rate;
        _produced = produced;
        _loop = RunAsync();
    }

    public long Attempts { get; private set; }

    /// <summary>Writes "lockId sequence unixMicros" for every event since the last call.</summary>
    public static async Task<int> WriteAsync(LockFleetSimulator fleet, ConcurrentQueue<(int Lock, long Sequence, long Micros)> produced, string path)
    {
        var text = new StringBuilder();
        var count = 0;
        while (produced.TryDequeue(out var e))
        {
            text.Append(CultureInfo.InvariantCulture, $"{fleet.Locks[e.Lock].Id.Value} {e.Sequence} {e.Micros}\n");
            count++;
        }

        await File.WriteAllTextAsync(path, text.ToString());
        return count;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        for (var i = 0; i < MaxOutstanding; i++)
        {
            await _outstanding.WaitAsync(); // the attempts in flight finish
        }

        _stop.Dispose();
        _outstanding.Dispose();
    }

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        var clock = Stopwatch.StartNew();
        var last = clock.Elapsed;
        var budget = 0.0;
        var random = new Random(2026);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                var now = clock.Elapsed;
                budget += (now - last).TotalSeconds * _rate;
                last = now;
                for (; budget >= 1; budget--)
                {
                    await _outstanding.WaitAsync(_stop.Token);
                    Attempts++;
                    _ = AttemptAsync(random.Next(_fleet.Locks.Count), (10_000_000 + random.Next(90_000_000)).ToString(CultureInfo.InvariantCulture));
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    private async Task AttemptAsync(int index, string pin)
    {
        try
        {
            var at = DateTimeOffset.UtcNow;
            var entry = await _fleet.Locks[index].EnterPinAsync(pin);
            _produced.Enqueue((index, entry.Sequence, (at - DateTimeOffset.UnixEpoch).Ticks / 10));
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // The lock is stopping.
        }
        finally
        {
            _outstanding.Release();
        }
    }
}

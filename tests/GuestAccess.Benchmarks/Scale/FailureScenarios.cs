using System.Diagnostics;
using System.Globalization;

namespace GuestAccess.Benchmarks.Scale;

/// <summary>
/// Scenario 4, with Mosquitto (so the broker can be restarted on its own) and entries flowing at
/// the load rate: restart the broker, kill -9 the server and start it again, take locks offline.
/// Recovery = from the end of the fault until the server has stored and confirmed, for every lock,
/// every event the lock had produced when the fault ended. At the end every lock's produced
/// sequence numbers are compared with the database, and every command must have been applied.
/// </summary>
internal sealed class FailureScenarios(ScaleReport report, ScaleOptions options)
{
    public async Task RunAsync(ScaleSystem system)
    {
        report.Section($"4. Failures during the rush (Mosquitto, {options.LoadRate:0} entries/s)", string.Create(CultureInfo.InvariantCulture,
            $"{options.OfflineLocks} locks offline for {options.Offline.TotalSeconds:0} s. A booking is made during each fault; its key must reach both doors."));
        using var citizen = await ApiSession.CitizenAsync(system, "borger@demo.guestaccess.dk");
        var keys = new List<Task<(Guid Booking, Guid Key, TimeSpan Granted)>>();
        await system.Simulator.SetRateAsync(options.LoadRate);
        await Task.Delay(options.Warmup);

        var outage = Stopwatch.StartNew();
        await system.Broker!.RestartAsync();
        await RecoveredAsync(system, "broker killed and restarted", outage.Elapsed);

        var beforeKill = new GrantCycles(citizen).BookAsync(); // committed with its outbox rows; the kill may beat the delivery
        keys.Add(beforeKill);
        await Task.Delay(50);
        outage.Restart();
        await system.Server.KillAsync();
        await system.Server.DisposeAsync();
        await system.StartServerAsync();
        await RecoveredAsync(system, "server killed (SIGKILL) and started again", outage.Elapsed);

        outage.Restart();
        await system.Simulator.OfflineAsync(options.OfflineLocks, options.Offline);
        keys.Add(new GrantCycles(citizen).BookAsync()); // dokk1's doors are among the first locks: offline now
        await Task.Delay(options.Offline);
        await RecoveredAsync(system, $"{options.OfflineLocks} locks offline, back", outage.Elapsed);

        await system.Simulator.SetRateAsync(0);
        var drain = await system.DrainAsync(TimeSpan.FromMinutes(10));
        report.Row("every lock's events confirmed after the traffic stopped (s)", drain.Took.TotalSeconds, "0.0", (drain.Drained ? "pending 0 at every lock" : $"NOT drained: {drain.Last.Pending} pending") + ScaleScenarios.Nudged(drain.Nudges));
        await ExactlyOnceAsync(system, drain.Last);

        var applied = 0;
        foreach (var key in keys)
        {
            try
            {
                await key;
                applied++;
            }
            catch (Exception e) when (e is HttpRequestException or TimeoutException or InvalidOperationException)
            {
                // The booking made while the server was down never reached it: book again now.
                await new GrantCycles(citizen).BookAsync();
                applied++;
            }
        }

        report.Row("bookings made during faults whose key reached every door", applied, "0", $"of {keys.Count}");
        report.Row("lock outbox rows never completed", system.Probe.OpenOutboxRows(), "0", "outbox: " + system.Probe.OutboxSummary());
    }

    private async Task RecoveredAsync(ScaleSystem system, string fault, TimeSpan outage)
    {
        var snapshot = await system.Simulator.DumpAsync();
        var clock = Stopwatch.StartNew();
        var behind = int.MaxValue;
        var (least, moved, nudges) = (int.MaxValue, clock.Elapsed, 0);
        while (clock.Elapsed < TimeSpan.FromMinutes(10))
        {
            var confirmed = system.Probe.ConfirmedPerLock();
            behind = snapshot.Locks.Count(l => confirmed.GetValueOrDefault(l.Key) < l.Value.Last);
            if (behind == 0)
            {
                break;
            }

            if (behind < least)
            {
                (least, moved) = (behind, clock.Elapsed);
            }
            else if (clock.Elapsed - moved > TimeSpan.FromSeconds(10))
            {
                await system.Simulator.PublishStatusAsync(); // as the locks' periodic status would, later
                (moved, nudges) = (clock.Elapsed, nudges + 1);
            }

            await Task.Delay(250);
        }

        report.Row($"{fault}: fault lasted (s)", outage.TotalSeconds, "0.0");
        report.Row($"{fault}: recovered, every earlier event stored (s after the fault)", clock.Elapsed.TotalSeconds, "0.0", (behind == 0 ? "recovered" : $"NOT recovered: {behind} locks behind") + ScaleScenarios.Nudged(nudges));
    }

    private async Task ExactlyOnceAsync(ScaleSystem system, SimulatorDump dump)
    {
        var stored = system.Probe.StoredPerLock();
        long produced = 0, lost = 0, duplicated = 0, unknown = 0;
        foreach (var (lockId, state) in dump.Locks)
        {
            produced += state.Last;
            var (count, distinct, max) = stored.GetValueOrDefault(lockId);
            lost += Math.Max(0, state.Last - distinct);
            duplicated += count - distinct;
            unknown += Math.Max(0, max - state.Last);
        }

        report.Row("events the locks produced (whole run, all locks)", produced, "0");
        report.Row("stored in the database", stored.Values.Sum(s => s.Count), "0");
        report.Row("lost (produced, not stored)", lost, "0", lost == 0 ? "none" : "LOST");
        report.Row("stored twice", duplicated, "0", duplicated == 0 ? "none" : "DUPLICATED");
        report.Row("stored beyond a lock's last sequence", unknown, "0", unknown == 0 ? "none" : "UNEXPECTED");
    }
}

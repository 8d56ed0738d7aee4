using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using GuestAccess.Benchmarks.Mqtt;
using GuestAccess.FirmwareSim.Fleet;
using GuestAccess.LockProtocol.Provisioning;

namespace GuestAccess.Benchmarks.Scale;

/// <summary>
/// `scale --simulator BUNDLE STATE_DIR [HOST:PORT]`: the real simulator library (firmware-sim) in
/// its own process, driven line by line on stdin so the benchmark can change the entry rate, cut
/// locks off and read every lock's sequence numbers. Each command answers one line, "OK …" or "ERR …".
/// </summary>
internal static class SimulatorHost
{
    public static async Task<int> RunAsync(string[] args)
    {
        FileDescriptorLimit.RaiseSoftToHard();
        var bundle = ProvisioningBundle.Parse(await File.ReadAllTextAsync(args[0]));
        var options = new SimulatorOptions
        {
            StateDirectory = args[1],
            FlushToDisk = false,
            RandomSeed = 2026,
            ReconnectMinDelay = TimeSpan.FromMilliseconds(100),
            ReconnectMaxDelay = TimeSpan.FromSeconds(2),
            Broker = args.Length > 2 ? BrokerEndpoint.Parse("mqtt://" + args[2]) : null,
        };
        LockFleetSimulator? fleet = null;
        TimedTraffic? traffic = null;
        var produced = new ConcurrentQueue<(int Lock, long Sequence, long Micros)>();
        while (await Console.In.ReadLineAsync() is { } line)
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            try
            {
                var answer = words[0] switch
                {
                    "connect" => await ConnectAsync(bundle, options, f => fleet = f),
                    "rate" => await RateAsync(fleet!, double.Parse(words[1], CultureInfo.InvariantCulture), t => traffic = t, traffic, produced),
                    "times" => "OK " + (await TimedTraffic.WriteAsync(fleet!, produced, words[1])).ToString(CultureInfo.InvariantCulture),
                    "offline" => await OfflineAsync(fleet!, int.Parse(words[1], CultureInfo.InvariantCulture), TimeSpan.FromSeconds(double.Parse(words[2], CultureInfo.InvariantCulture))),
                    "dump" => await DumpAsync(fleet!, words[1]),
                    "status" => await StatusAsync(fleet!),
                    _ => "ERR unknown command",
                };
                Console.WriteLine(answer);
            }
            catch (Exception e) when (e is TimeoutException or InvalidOperationException or IOException or FormatException)
            {
                Console.WriteLine("ERR " + e.Message.ReplaceLineEndings(" "));
            }
        }

        if (traffic is not null)
        {
            await traffic.DisposeAsync();
        }

        if (fleet is not null)
        {
            await fleet.DisposeAsync();
        }

        return 0;
    }

    private static async Task<string> ConnectAsync(ProvisioningBundle bundle, SimulatorOptions options, Action<LockFleetSimulator> started)
    {
        var clock = Stopwatch.StartNew();
        var fleet = await LockFleetSimulator.StartAsync(bundle, options);
        started(fleet);
        await fleet.WaitUntilAllConnectedAsync(TimeSpan.FromMinutes(15));
        return string.Create(CultureInfo.InvariantCulture, $"OK {clock.Elapsed.TotalMilliseconds:0}");
    }

    /// <summary>Stops the current traffic (waiting for the attempts in flight) and starts the new rate; 0 = none. Answers the attempts of the old traffic.</summary>
    private static async Task<string> RateAsync(LockFleetSimulator fleet, double rate, Action<TimedTraffic?> set, TimedTraffic? current, ConcurrentQueue<(int Lock, long Sequence, long Micros)> produced)
    {
        long attempts = 0;
        if (current is not null)
        {
            await current.DisposeAsync();
            attempts = current.Attempts;
        }

        // Random PINs: every attempt is a denied entry (wrong_pin, then locked_out), each one event.
        set(rate > 0 ? new TimedTraffic(fleet, rate, produced) : null);
        return string.Create(CultureInfo.InvariantCulture, $"OK {attempts}");
    }

    private static async Task<string> OfflineAsync(LockFleetSimulator fleet, int count, TimeSpan duration)
    {
        await Task.WhenAll(fleet.Locks.Take(count).Select(l => l.GoOfflineAsync(duration)));
        return "OK";
    }

    /// <summary>Every lock publishes its status now, as its 15-minute timer would (last sequence and unconfirmed events).</summary>
    private static async Task<string> StatusAsync(LockFleetSimulator fleet)
    {
        await Parallel.ForEachAsync(fleet.Locks, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (l, token) => await l.PublishStatusAsync(token));
        return "OK";
    }

    /// <summary>Writes "lockId lastSequence pending connected" per lock; answers the totals.</summary>
    private static async Task<string> DumpAsync(LockFleetSimulator fleet, string path)
    {
        var text = new StringBuilder();
        long produced = 0, pending = 0, connected = 0;
        foreach (var simulatedLock in fleet.Locks)
        {
            var s = simulatedLock.Snapshot();
            produced += s.LastEventSequence;
            pending += s.PendingEvents;
            connected += s.Connected ? 1 : 0;
            text.Append(CultureInfo.InvariantCulture, $"{s.Lock.Value} {s.LastEventSequence} {s.PendingEvents} {(s.Connected ? 1 : 0)}\n");
        }

        await File.WriteAllTextAsync(path, text.ToString());
        return string.Create(CultureInfo.InvariantCulture, $"OK {produced} {pending} {connected}");
    }
}

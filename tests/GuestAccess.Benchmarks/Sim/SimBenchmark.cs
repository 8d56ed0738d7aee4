using System.Diagnostics;
using System.Globalization;
using System.Text;
using GuestAccess.Benchmarks.Mqtt;
using GuestAccess.FirmwareSim.Fleet;
using GuestAccess.LockProtocol.Credentials;
using GuestAccess.LockProtocol.Messages;
using GuestAccess.LockProtocol.Provisioning;
using GuestAccess.LockProtocol.Signing;
using GuestAccess.LockProtocol.Topics;
using GuestAccess.Mqtt;
using GuestAccess.Mqtt.Client;

namespace GuestAccess.Benchmarks.Sim;

/// <summary>
/// `sim`: what one simulated lock costs, against a baseline measured in the same run — a bare MQTT
/// client set up exactly like a lock's (persistent session, will, subscribed to its commands).
/// The broker (ours) runs in its own process, so the figures are the simulator's side only.
/// Prints: managed memory per connected lock and per bare client, the time to connect N of each,
/// the time for every lock to verify, persist and acknowledge a signed credential set (with and
/// without fsync), and PIN entries per second. Options: --locks N (default 200), --entries N.
/// </summary>
internal static class SimBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var locks = Option(args, "--locks", 200);
        var entries = Option(args, "--entries", 2000);
        await using var broker = await BrokerProcess.StartEmbeddedAsync(inlineCompletions: true);
        using var key = SigningKey.Generate("bench-2026");
        Console.WriteLine($"embedded broker (own process) on port {broker.Port}; {locks} locks; {Environment.ProcessorCount} cores");

        var (clientBytes, clientConnect) = await BareClientsAsync(broker.Port, locks);
        Row("managed memory per bare MQTT client (KB)", clientBytes / 1024.0);
        Row($"connect {locks} bare clients (ms)", clientConnect.TotalMilliseconds);

        foreach (var fsync in new[] { true, false })
        {
            var bundle = Bundle(broker.Port, locks, key.PublicJwk);
            var state = Directory.CreateTempSubdirectory("ga-bench-sim-").FullName;
            try
            {
                var before = Heap();
                var started = Stopwatch.StartNew();
                await using var fleet = await LockFleetSimulator.StartAsync(bundle, new SimulatorOptions { StateDirectory = state, FlushToDisk = fsync });
                await fleet.WaitUntilAllConnectedAsync(TimeSpan.FromMinutes(2));
                var connect = started.Elapsed;
                var perLock = (Heap() - before) / (double)locks;
                var label = fsync ? "fsync" : "no fsync";
                if (fsync)
                {
                    Row("managed memory per simulated lock, connected, empty buffers (KB)", perLock / 1024);
                    Row("  ratio lock / bare client", perLock / clientBytes);
                    Row($"boot + connect {locks} simulated locks (ms)", connect.TotalMilliseconds);
                    Row("  ratio locks / bare clients", connect / clientConnect);
                }

                await using var server = await ServerClient.ConnectAsync(broker.Port, key);
                var applied = await server.SyncAllAsync(fleet);
                Row($"{locks} locks verify, persist and ack a signed credential set ({label}, ms)", applied.TotalMilliseconds);

                var pin = Stopwatch.StartNew();
                await Parallel.ForEachAsync(Enumerable.Range(0, entries), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, _) =>
                    await fleet.Locks[i % locks].EnterPinAsync(Pin(i % locks)));
                Row($"PIN entries decided and persisted per second ({label})", entries / pin.Elapsed.TotalSeconds);
                await server.WaitForEventsAsync(entries);
                Row($"  ... and delivered to the server per second ({label})", entries / pin.Elapsed.TotalSeconds);

                if (fsync)
                {
                    var loaded = (Heap() - before) / (double)locks;
                    Row("managed memory per simulated lock after the credential set and the entries (KB)", loaded / 1024);
                }
            }
            finally
            {
                Directory.Delete(state, recursive: true);
            }
        }

        return 0;
    }

    private static async Task<(double BytesPerClient, TimeSpan Connect)> BareClientsAsync(int port, int count)
    {
        var before = Heap();
        var started = Stopwatch.StartNew();
        var clients = new List<MqttClient>();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, _) =>
        {
            var id = LockId.Parse($"bare-{i:D5}");
            var client = new MqttClient(new MqttClientOptions
            {
                Host = "127.0.0.1",
                Port = port,
                ClientId = id.Value,
                Username = id.Value,
                Password = Encoding.UTF8.GetBytes("bench-password"),
                CleanStart = false,
                SessionExpiryInterval = 172_800,
                KeepAlive = TimeSpan.FromSeconds(30),
                AutoReconnect = false,
                Will = new MqttApplicationMessage { Topic = LockTopics.Status.For(id), Payload = LockMessageCodec.Encode(LockStatus.Offline(id)), QualityOfService = MqttQualityOfService.AtLeastOnce, Retain = true },
            });
            await client.ConnectAsync();
            await client.SubscribeAsync(LockTopics.Commands.For(id));
            lock (clients)
            {
                clients.Add(client);
            }
        });
        var connect = started.Elapsed;
        var perClient = (Heap() - before) / (double)count;
        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }

        return (perClient, connect);
    }

    private static ProvisioningBundle Bundle(int port, int count, EcPublicJwk key) => new()
    {
        CreatedAt = DateTimeOffset.UtcNow,
        Broker = new BrokerAddress { Host = "127.0.0.1", Port = port, Tls = false },
        MobileKeyIssuer = "guestaccess",
        TrustedKeys = [key],
        Locks = [.. Enumerable.Range(0, count).Select(i => new LockProvisioning
        {
            Lock = LockId.Parse($"bench-lock-{i:D5}"),
            Door = $"bench-door-{i:D5}",
            DoorName = $"Dør {i}",
            Site = "bench",
            TimeZone = "Europe/Copenhagen",
            Username = $"bench-lock-{i:D5}",
            Password = "bench-password",
        })],
    };

    private static string Pin(int lockIndex) => (40_000_000 + lockIndex).ToString(CultureInfo.InvariantCulture);

    private static long Heap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(false);
    }

    private static void Row(string what, double value) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what,-86} {value,12:0.0}"));

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    /// <summary>The server's side for the benchmark: signs commands, counts replies and stored events, confirms events.</summary>
    private sealed class ServerClient : IAsyncDisposable
    {
        private readonly MqttClient _client;
        private readonly CommandSigner _signer;
        private readonly SemaphoreSlim _changed = new(0);
        private int _acks;
        private int _events;
        private int _command;

        private ServerClient(MqttClient client, SigningKey key)
        {
            _client = client;
            _signer = new CommandSigner(key, new ClockCommandCounterSource());
        }

        public static async Task<ServerClient> ConnectAsync(int port, SigningKey key)
        {
            var client = new MqttClient(new MqttClientOptions { Host = "127.0.0.1", Port = port, ClientId = "bench-server-" + Guid.NewGuid().ToString("N")[..6], Username = "server", Password = "x"u8.ToArray() });
            var server = new ServerClient(client, key);
            client.MessageReceivedAsync = server.OnMessageAsync;
            await client.ConnectAsync();
            await client.SubscribeAsync(LockTopics.Replies.AllLocksFilter);
            await client.SubscribeAsync(LockTopics.Events.AllLocksFilter);
            return server;
        }

        public async Task<TimeSpan> SyncAllAsync(LockFleetSimulator fleet)
        {
            var started = Stopwatch.StartNew();
            var target = Volatile.Read(ref _acks) + fleet.Locks.Count;
            var index = 0;
            foreach (var simulatedLock in fleet.Locks)
            {
                var pin = PinHasher.CreateCredential(Pin(index++), "cred-1", "grant-1", new CredentialValidity(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1)));
                var signed = _signer.Sign(new SyncCredentials { CommandId = NextId(), Lock = simulatedLock.Id, Version = 1, Lockdown = false, Credentials = [pin], Revocations = [] });
                await _client.PublishAsync(new MqttApplicationMessage { Topic = signed.Topic, Payload = signed.Payload, QualityOfService = MqttQualityOfService.AtLeastOnce });
            }

            await WaitAsync(() => Volatile.Read(ref _acks) >= target);
            return started.Elapsed;
        }

        public Task WaitForEventsAsync(int entries)
        {
            var target = entries;
            return WaitAsync(() => Volatile.Read(ref _events) >= target);
        }

        public async ValueTask DisposeAsync()
        {
            await _client.DisposeAsync();
            _changed.Dispose();
        }

        private string NextId() => "cmd-" + Interlocked.Increment(ref _command).ToString(CultureInfo.InvariantCulture);

        private async Task WaitAsync(Func<bool> done)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            while (!done())
            {
                await _changed.WaitAsync(TimeSpan.FromSeconds(1), timeout.Token);
            }
        }

        private async ValueTask OnMessageAsync(MqttReceivedMessage message, CancellationToken cancellationToken)
        {
            if (!ServerInbound.TryDecode(message.Topic, message.Payload.Span, out var inbound, out _))
            {
                return;
            }

            switch (inbound.Message)
            {
                case CommandAck ack when ack.AppliedVersion == 1:
                    Interlocked.Increment(ref _acks);
                    break;
                case EventBatch batch:
                    Interlocked.Add(ref _events, batch.Events.Count(e => e.Kind == EventKind.EntryAttempt));
                    var confirm = _signer.Sign(new ConfirmEvents { CommandId = NextId(), Lock = inbound.LockId, UpTo = 0, Sequences = [.. batch.Events.Select(e => e.Sequence)] });
                    await _client.PublishAsync(new MqttApplicationMessage { Topic = confirm.Topic, Payload = confirm.Payload, QualityOfService = MqttQualityOfService.AtLeastOnce }, cancellationToken);
                    break;
            }

            _changed.Release();
        }
    }
}

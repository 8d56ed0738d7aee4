using System.Buffers.Binary;
using System.Diagnostics;
using GuestAccess.Mqtt;
using GuestAccess.Mqtt.Client;

namespace GuestAccess.Benchmarks.Mqtt;

/// <summary>The workloads, all driven by our own client so the broker is the only variable.</summary>
internal static class Workloads
{
    private const int PayloadSize = 64;

    public static MqttClient Client(int port, string clientId) => new(new MqttClientOptions
    {
        Host = "127.0.0.1",
        Port = port,
        ClientId = clientId,
        ProtocolVersion = MqttProtocolVersion.V500,
        AutoReconnect = false,
        MaxInflight = 100,
        ReceiveMaximum = 100,
        MaxPendingPackets = 10_000,
        MaxPendingDeliveries = 10_000,
        KeepAlive = TimeSpan.FromSeconds(120),
        ConnectTimeout = TimeSpan.FromSeconds(30),
    });

    /// <summary>Messages per second delivered to one subscriber from <paramref name="publishers"/> publishers.</summary>
    public static async Task<(double PerSecond, int Received, int Sent, double CpuMicrosecondsPerMessage)> ThroughputAsync(BrokerProcess broker, int publishers, int messagesPerPublisher, MqttQualityOfService qos, string run)
    {
        var port = broker.Port;
        var total = publishers * messagesPerPublisher;
        var received = 0;
        var last = Stopwatch.GetTimestamp();
        var all = new TaskCompletionSource();
        await using var subscriber = Client(port, $"{run}-sub");
        subscriber.MessageReceivedAsync = (_, _) =>
        {
            last = Stopwatch.GetTimestamp();
            if (Interlocked.Increment(ref received) == total)
            {
                all.TrySetResult();
            }

            return ValueTask.CompletedTask;
        };
        await subscriber.ConnectAsync();
        await subscriber.SubscribeAsync($"bench/{run}/+", qos);

        var clients = await ConnectManyAsync(port, publishers, $"{run}-pub");
        try
        {
            var payload = new byte[PayloadSize];
            var cpuBefore = broker.CpuSeconds();
            var started = Stopwatch.GetTimestamp();
            await Task.WhenAll(clients.Select((client, i) => PublishSeriesAsync(client, $"bench/{run}/{i}", payload, messagesPerPublisher, qos, sequential: publishers > 1)));
            await WaitForDeliveryAsync(all.Task, () => Volatile.Read(ref received));
            var elapsed = Stopwatch.GetElapsedTime(started, Volatile.Read(ref last));
            var cpu = broker.CpuSeconds() - cpuBefore;
            var delivered = Volatile.Read(ref received);
            return (delivered / elapsed.TotalSeconds, delivered, total, cpu * 1e6 / Math.Max(1, delivered));
        }
        finally
        {
            await DisposeAllAsync(clients);
        }
    }

    /// <summary>Publish→deliver latency of QoS 1 messages sent one after another (each waits for its delivery).</summary>
    public static async Task<(double P50Ms, double P99Ms)> LatencyAsync(int port, int samples, string run)
    {
        var arrived = new SemaphoreSlim(0);
        var latencies = new double[samples];
        var index = 0;
        await using var subscriber = Client(port, $"{run}-lat-sub");
        subscriber.MessageReceivedAsync = (message, _) =>
        {
            var sent = BinaryPrimitives.ReadInt64LittleEndian(message.Payload.Span);
            var i = Interlocked.Increment(ref index) - 1;
            if (i < samples)
            {
                latencies[i] = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
            }

            arrived.Release();
            return ValueTask.CompletedTask;
        };
        await subscriber.ConnectAsync();
        await subscriber.SubscribeAsync($"bench/{run}/latency", MqttQualityOfService.AtLeastOnce);
        await using var publisher = Client(port, $"{run}-lat-pub");
        await publisher.ConnectAsync();
        var payload = new byte[PayloadSize];
        for (var i = 0; i < samples; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(payload, Stopwatch.GetTimestamp());
            await publisher.PublishAsync(new MqttApplicationMessage { Topic = $"bench/{run}/latency", Payload = payload.ToArray(), QualityOfService = MqttQualityOfService.AtLeastOnce });
            if (!await arrived.WaitAsync(TimeSpan.FromSeconds(10)))
            {
                throw new TimeoutException("A latency sample was not delivered.");
            }
        }

        Array.Sort(latencies);
        return (Percentile(latencies, 0.50), Percentile(latencies, 0.99));
    }

    /// <summary>Broker RSS growth per idle connection with <paramref name="connections"/> clients connected.</summary>
    public static async Task<(double BytesPerConnection, int Connected)> IdleMemoryAsync(BrokerProcess broker, int connections, string run)
    {
        var before = await broker.ResidentBytesAsync();
        var clients = await ConnectManyAsync(broker.Port, connections, $"{run}-idle");
        try
        {
            // Let the broker finish its side of the last handshakes before reading its memory.
            await Task.Delay(TimeSpan.FromSeconds(1));
            var after = await broker.ResidentBytesAsync();
            return ((after - before) / (double)clients.Count, clients.Count);
        }
        finally
        {
            await DisposeAllAsync(clients);
        }
    }

    public static async Task<List<MqttClient>> ConnectManyAsync(int port, int count, string prefix)
    {
        var clients = new MqttClient[count];
        using var gate = new SemaphoreSlim(64);
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var client = Client(port, $"{prefix}-{i}");
                await client.ConnectAsync();
                clients[i] = client;
            }
            finally
            {
                gate.Release();
            }
        }));
        return [.. clients];
    }

    public static async Task DisposeAllAsync(IEnumerable<MqttClient> clients)
    {
        using var gate = new SemaphoreSlim(256);
        await Task.WhenAll(clients.Select(async c =>
        {
            await gate.WaitAsync();
            try
            {
                await c.DisposeAsync();
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    private static async Task PublishSeriesAsync(MqttClient client, string topic, byte[] payload, int count, MqttQualityOfService qos, bool sequential)
    {
        var message = new MqttApplicationMessage { Topic = topic, Payload = payload, QualityOfService = qos };
        if (sequential || qos == MqttQualityOfService.AtMostOnce)
        {
            // Fan-in: like a lock reporting events, each publisher waits for the previous PUBACK.
            for (var i = 0; i < count; i++)
            {
                await client.PublishAsync(message);
            }

            return;
        }

        // One publisher: keep the in-flight window full.
        var pending = new Task[count];
        for (var i = 0; i < count; i++)
        {
            pending[i] = client.PublishAsync(message);
        }

        await Task.WhenAll(pending);
    }

    private static async Task WaitForDeliveryAsync(Task all, Func<int> received)
    {
        var seen = -1;
        while (!all.IsCompleted)
        {
            var now = received();
            if (now == seen)
            {
                return;
            }

            seen = now;
            await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(3)));
        }
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}

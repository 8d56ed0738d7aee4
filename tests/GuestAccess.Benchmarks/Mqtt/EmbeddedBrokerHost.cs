using GuestAccess.Mqtt.Server;
using Microsoft.Extensions.Options;

namespace GuestAccess.Benchmarks.Mqtt;

/// <summary>`mqtt --serve`: runs the embedded broker with default options on a free port; "gc" on stdin collects and answers.</summary>
internal static class EmbeddedBrokerHost
{
    public static async Task<int> RunAsync()
    {
        await using var broker = new MqttBroker(Options.Create(new MqttBrokerOptions
        {
            Port = 0,
            BindAddress = "127.0.0.1",
            AllowAnonymous = true,
            // Same queue limits as the Mosquitto configuration (max_queued_messages 100000; Mosquitto does not drop QoS 0 to an online client).
            MaxQueuedMessages = 100_000,
            MaxPendingOutgoingPackets = 100_000,
        }));
        await broker.StartAsync(CancellationToken.None);
        Console.WriteLine($"PORT {broker.Port}");
        while (await Console.In.ReadLineAsync() is { } command)
        {
            if (command == "gc")
            {
                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                GC.WaitForPendingFinalizers();
                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                Console.WriteLine($"OK {GC.GetTotalMemory(false)} {broker.ClientCount}");
            }
            else if (command == "stats")
            {
                Console.WriteLine($"clients={broker.ClientCount} sessions={broker.SessionCount} subscriptions={broker.SubscriptionCount} heap={GC.GetTotalMemory(false) / 1024 / 1024}MB gen0={GC.CollectionCount(0)} gen2={GC.CollectionCount(2)} allocatedMB={GC.GetTotalAllocatedBytes() / 1024 / 1024} threads={ThreadPool.ThreadCount} pending={ThreadPool.PendingWorkItemCount}");
            }
        }

        return 0;
    }
}

using System.Collections.Concurrent;
using System.Text.Json;
using GuestAccess.EndToEnd.Tests.Support;
using GuestAccess.LockProtocol.Messages;
using GuestAccess.LockProtocol.Topics;
using GuestAccess.Mqtt;
using GuestAccess.Server.Locks.Dispatch;
using Microsoft.Extensions.DependencyInjection;

namespace GuestAccess.EndToEnd.Tests;

/// <summary>
/// A lock refuses any command whose counter is not above the last one it accepted. The event
/// pipeline and the dispatcher sign on different threads: what they send must reach a lock in
/// counter order, or the lock refuses the one that was overtaken (replayed_counter).
/// </summary>
public sealed class CommandOrderTests
{
    private const string Door = "dokk1-lille-sal-doer";

    [Fact]
    public async Task CommandsSignedOnManyThreadsAtOnce_ReachTheLockInCounterOrder()
    {
        await using var host = await FleetHost.StartAsync();
        var lockId = LockId.Parse(Door);
        var password = host.Bundle.Locks.Single(l => l.Lock == lockId).Password;
        await using var client = RawLockClient.Create(RawLockClient.EmbeddedPort(host), Door, Door, password);
        var counters = new ConcurrentQueue<long>();
        client.MessageReceivedAsync = (message, _) =>
        {
            counters.Enqueue(CounterOf(message.Payload.Span));
            return ValueTask.CompletedTask;
        };
        await client.ConnectAsync();
        await client.SubscribeAsync([new(LockTopics.Commands.For(lockId), MqttQualityOfService.AtLeastOnce)]);
        var publisher = host.Services.GetRequiredService<LockCommandPublisher>();

        const int Threads = 8;
        const int PerThread = 40;
        using var start = new Barrier(Threads);
        var sent = await Task.WhenAll(Enumerable.Range(0, Threads).Select(thread => Task.Run(async () =>
        {
            start.SignalAndWait();
            var ok = 0;
            for (var i = 0; i < PerThread; i++)
            {
                var command = new ConfirmEvents { CommandId = SyncPlanner.NewId("confirm"), Lock = lockId, UpTo = (thread * PerThread) + i + 1 };
                var (_, _, published) = publisher.SignAndPublish(command, TimeSpan.FromMinutes(5), null, CancellationToken.None);
                ok += await published ? 1 : 0;
            }

            return ok;
        })));

        Assert.Equal(Threads * PerThread, sent.Sum());
        await Eventually.ValueAsync(() => Task.FromResult(counters.Count), n => n >= Threads * PerThread, "every command at the lock");
        var received = counters.ToArray();
        var outOfOrder = received.Zip(received.Skip(1)).Count(pair => pair.Second <= pair.First);
        Assert.True(outOfOrder == 0, $"{outOfOrder} of {received.Length} commands arrived after one with a higher counter (the lock would refuse them)");
    }

    /// <summary>The counter in a compact JWS command: its payload is base64url JSON.</summary>
    private static long CounterOf(ReadOnlySpan<byte> jws)
    {
        var text = System.Text.Encoding.ASCII.GetString(jws);
        var payload = text.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
        using var json = JsonDocument.Parse(Convert.FromBase64String(payload));
        return json.RootElement.GetProperty("counter").GetInt64();
    }
}

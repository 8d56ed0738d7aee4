using System.Collections.Concurrent;
using System.Text;
using GuestAccess.LockProtocol.Messages;
using GuestAccess.LockProtocol.Signing;
using GuestAccess.LockProtocol.Topics;
using GuestAccess.Mqtt;
using GuestAccess.Mqtt.Channel;
using GuestAccess.Mqtt.Client;
using GuestAccess.Mqtt.Packets;

namespace GuestAccess.FirmwareSim.Tests.Support;

/// <summary>
/// Stands in for the GuestAccess server in these tests: signs commands with the real
/// <see cref="CommandSigner"/>, publishes them on the locks' command topics, and reads replies,
/// events (stored idempotently on lock and sequence, confirmed end to end) and status.
/// </summary>
public sealed class TestLockServer : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly MqttClient _client;
    private readonly ConcurrentDictionary<LockId, LockLog> _locks = new();
    private readonly ChangeSignal _changed = new();
    private int _commandNumber;

    private TestLockServer(MqttClient client, SigningKey key)
    {
        _client = client;
        Key = key;
        Signer = new CommandSigner(key, new ClockCommandCounterSource());
    }

    public SigningKey Key { get; }

    /// <summary>Messages from locks the server could not read (a test fails if there are any).</summary>
    public ConcurrentQueue<string> ProtocolErrors { get; } = new();

    public CommandSigner Signer { get; }

    /// <summary>Confirm every stored event right after it arrives (as the real server does).</summary>
    public bool AutoConfirm { get; set; } = true;

    public static async Task<TestLockServer> StartAsync(IBrokerUnderTest broker, SigningKey key)
    {
        var client = new MqttClient(new MqttClientOptions
        {
            Host = "127.0.0.1",
            Port = broker.Port,
            ClientId = "test-server-" + Guid.NewGuid().ToString("N")[..8],
            Username = IBrokerUnderTest.ServerUser,
            Tls = broker.Tls is { } tls ? new MqttTlsClientOptions { ServerCertificateValidation = (_, certificate, _, _) => certificate is not null && Trusts(tls.Ca, certificate) } : null,
            Password = Encoding.UTF8.GetBytes(broker.ServerPassword),
        });
        var server = new TestLockServer(client, key);
        client.MessageReceivedAsync = server.OnMessageAsync;
        await client.ConnectAsync();
        var granted = await client.SubscribeAsync([.. LockTopics.All.Where(t => t.Direction == TopicDirection.LockToServer).Select(t => new MqttTopicFilter(t.AllLocksFilter, MqttQualityOfService.AtLeastOnce))]);
        Assert.True(granted.AllGranted);
        return server;
    }

    private static bool Trusts(System.Security.Cryptography.X509Certificates.X509Certificate2 ca, System.Security.Cryptography.X509Certificates.X509Certificate certificate)
    {
        using var chain = new System.Security.Cryptography.X509Certificates.X509Chain();
        chain.ChainPolicy.TrustMode = System.Security.Cryptography.X509Certificates.X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck;
        return chain.Build(System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }

    public string NextCommandId() => "cmd-" + Interlocked.Increment(ref _commandNumber).ToString("D4", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Signs (fresh counter, issuedAt, expiresAt) and publishes a command. Signing and publishing
    /// happen under one lock per controller, so commands reach it in counter order (QoS 1 keeps
    /// the order of what was published, not of what was signed).
    /// </summary>
    public async Task<SignedCommand> SendAsync(LockCommand command, TimeSpan? lifetime = null, CancellationToken cancellationToken = default)
    {
        var order = Log(command.Lock).Order;
        await order.WaitAsync(cancellationToken);
        try
        {
            var signed = Signer.Sign(command, lifetime);
            await PublishTokenAsync(command.Lock, signed.Token, cancellationToken);
            return signed;
        }
        finally
        {
            order.Release();
        }
    }

    /// <summary>Sends a command and returns the lock's reply to it.</summary>
    public async Task<LockReply> SendAndReplyAsync(LockCommand command, TimeSpan? lifetime = null)
    {
        var signed = await SendAsync(command, lifetime);
        return await WaitForReplyAsync(command.Lock, signed.Command.CommandId);
    }

    /// <summary>Publishes any bytes on a lock's commands topic (forged, replayed or broken commands).</summary>
    public async Task PublishTokenAsync(LockId lockId, string token, CancellationToken cancellationToken = default)
    {
        var result = await _client.PublishAsync(
            new MqttApplicationMessage
            {
                Topic = LockTopics.Commands.For(lockId),
                Payload = Encoding.ASCII.GetBytes(token),
                QualityOfService = MqttQualityOfService.AtLeastOnce,
            },
            cancellationToken);
        Assert.True(result.IsSuccess, $"The broker refused the command: {result.ReasonCode}");
    }

    public Task<LockReply> WaitForReplyAsync(LockId lockId, string? commandId, int occurrence = 1) =>
        _changed.WaitForAsync(
            () => Log(lockId).Replies.Where(r => r.CommandId == commandId).Skip(occurrence - 1).FirstOrDefault(),
            Timeout,
            $"reply #{occurrence} of {lockId} to {commandId ?? "an unreadable command"}");

    public Task<LockEvent> WaitForEventAsync(LockId lockId, Func<LockEvent, bool> match, string what) =>
        _changed.WaitForAsync(() => Events(lockId).FirstOrDefault(match), Timeout, $"an event of {lockId}: {what}");

    public Task<LockStatus> WaitForStatusAsync(LockId lockId, Func<LockStatus, bool> match, string what) =>
        _changed.WaitForAsync(() => Log(lockId).Status is { } s && match(s) ? s : null, Timeout, $"a status of {lockId}: {what}");

    /// <summary>Waits until at least <paramref name="count"/> distinct events of the lock are stored, and returns them.</summary>
    public Task<IReadOnlyList<LockEvent>> WaitUntilEventsAsync(LockId lockId, int count) =>
        _changed.WaitForAsync(() => Events(lockId) is { } events && events.Count >= count ? events : null, Timeout, $"{count} events of {lockId}");

    /// <summary>Waits until <paramref name="condition"/> holds (checked whenever a lock message arrives).</summary>
    public Task WaitUntilAsync(Func<bool> condition, string what) =>
        _changed.WaitForAsync(() => condition() ? string.Empty : null, Timeout, what);

    /// <summary>Every distinct event the server stored for a lock, by sequence.</summary>
    public IReadOnlyList<LockEvent> Events(LockId lockId)
    {
        var log = Log(lockId);
        lock (log)
        {
            return [.. log.Stored.Values];
        }
    }

    /// <summary>How many event deliveries arrived for a lock, repeats included.</summary>
    public int EventDeliveries(LockId lockId) => Volatile.Read(ref Log(lockId).Deliveries);

    /// <summary>How many events arrived for a lock, counting every copy.</summary>
    public int EventCopies(LockId lockId) => Volatile.Read(ref Log(lockId).Copies);

    public IReadOnlyList<LockReply> Replies(LockId lockId) => [.. Log(lockId).Replies];

    public LockStatus? Status(LockId lockId) => Log(lockId).Status;

    /// <summary>How many statuses of the lock arrived so far (for <see cref="WaitForStatusAfterAsync"/>).</summary>
    public int StatusCount(LockId lockId) => Log(lockId).Statuses.Count;

    /// <summary>The first status after the first <paramref name="seen"/> that matches, even if a newer one replaced it already.</summary>
    public Task<LockStatus> WaitForStatusAfterAsync(LockId lockId, int seen, Func<LockStatus, bool> match, string what) =>
        _changed.WaitForAsync(() => Log(lockId).Statuses.Skip(seen).FirstOrDefault(match), Timeout, $"a status of {lockId}: {what}");

    /// <summary>Confirms everything stored for the lock so far.</summary>
    public Task ConfirmAllAsync(LockId lockId)
    {
        var log = Log(lockId);
        long[] stored;
        lock (log)
        {
            stored = [.. log.Stored.Keys];
        }

        return ConfirmAsync(lockId, stored);
    }

    public async ValueTask DisposeAsync() => await _client.DisposeAsync();

    private LockLog Log(LockId lockId) => _locks.GetOrAdd(lockId, _ => new LockLog());

    private async ValueTask OnMessageAsync(MqttReceivedMessage message, CancellationToken cancellationToken)
    {
        if (!ServerInbound.TryDecode(message.Topic, message.Payload.Span, out var inbound, out var error))
        {
            ProtocolErrors.Enqueue($"{message.Topic}: {error}");
            return;
        }

        var log = Log(inbound.LockId);
        switch (inbound.Message)
        {
            case LockReply reply:
                log.Replies.Enqueue(reply);
                break;
            case LockStatus status:
                log.Status = status;
                log.Statuses.Enqueue(status);
                if (AutoConfirm && status is { State: LockState.Online, LastEventSeq: { } last, PendingEvents: > 0 })
                {
                    _ = ReplayIfStillMissingAsync(inbound.LockId, last);
                }

                break;
            case EventBatch batch:
                Interlocked.Increment(ref log.Deliveries);
                Interlocked.Add(ref log.Copies, batch.Events.Count);
                lock (log)
                {
                    foreach (var item in batch.Events)
                    {
                        log.Stored.TryAdd(item.Sequence, item);
                    }
                }

                if (AutoConfirm)
                {
                    // The handler's token: a handler that awaits a publish without it would block the client's disconnect.
                    await ConfirmAsync(inbound.LockId, [.. batch.Events.Select(e => e.Sequence)], cancellationToken);
                }

                break;
        }

        _changed.Notify();
    }

    private async Task ConfirmAsync(LockId lockId, IReadOnlyCollection<long> sequences, CancellationToken cancellationToken = default)
    {
        var upTo = HighestContiguous(Log(lockId));
        var above = sequences.Where(s => s > upTo).Distinct().Order().Take(ConfirmEvents.MaxSequences).ToList();
        await SendAsync(new ConfirmEvents { CommandId = NextCommandId(), Lock = lockId, UpTo = upTo, Sequences = above }, cancellationToken: cancellationToken);
    }

    /// <summary>
    /// An online status with pending events means the lock still holds events it thinks the server
    /// lacks (docs section 9, "Replay and gaps"): either they never arrived (re-published while
    /// nobody was subscribed, after a broker restart) — ask for a replay — or their confirmation
    /// was lost — confirm again. The re-published batch normally follows the status at once, so
    /// wait a moment first.
    /// </summary>
    private async Task ReplayIfStillMissingAsync(LockId lockId, long lastEventSeq)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        var from = HighestContiguous(Log(lockId)) + 1;
        if (!AutoConfirm || !_client.IsConnected)
        {
            return;
        }

        try
        {
            if (from <= lastEventSeq)
            {
                await SendAsync(new ReplayEvents { CommandId = NextCommandId(), Lock = lockId, From = from });
            }
            else
            {
                await ConfirmAllAsync(lockId);
            }
        }
        catch (MqttClientNotConnectedException)
        {
            // The next status asks again.
        }
    }

    private static long HighestContiguous(LockLog log)
    {
        lock (log)
        {
            var upTo = 0L;
            while (log.Stored.ContainsKey(upTo + 1))
            {
                upTo++;
            }

            return upTo;
        }
    }

    private sealed class LockLog
    {
        public readonly SortedDictionary<long, LockEvent> Stored = [];
        public readonly ConcurrentQueue<LockReply> Replies = new();
        public readonly SemaphoreSlim Order = new(1, 1);
        public int Deliveries;
        public int Copies;
        public volatile LockStatus? Status;
        public readonly ConcurrentQueue<LockStatus> Statuses = new();
    }
}

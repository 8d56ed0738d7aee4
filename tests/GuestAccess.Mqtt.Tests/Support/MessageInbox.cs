using System.Threading.Channels;
using GuestAccess.Mqtt.Client;

namespace GuestAccess.Mqtt.Tests.Support;

/// <summary>Collects messages a client receives; tests await the next one with a timeout.</summary>
public sealed class MessageInbox
{
    private readonly Channel<MqttReceivedMessage> _messages = System.Threading.Channels.Channel.CreateUnbounded<MqttReceivedMessage>();

    public ValueTask Handle(MqttReceivedMessage message, CancellationToken cancellationToken)
    {
        _messages.Writer.TryWrite(message);
        return ValueTask.CompletedTask;
    }

    public async Task<MqttReceivedMessage> NextAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        return await _messages.Reader.ReadAsync(cts.Token);
    }

    /// <summary>True when nothing arrives within the window (used after a marker message proved ordering).</summary>
    public bool TryTake(out MqttReceivedMessage? message) => _messages.Reader.TryRead(out message);

    public int Count => _messages.Reader.Count;
}

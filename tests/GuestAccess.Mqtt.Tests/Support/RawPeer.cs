using GuestAccess.Mqtt.Channel;
using GuestAccess.Mqtt.Formatter;
using GuestAccess.Mqtt.Packets;

namespace GuestAccess.Mqtt.Tests.Support;

/// <summary>A scripted peer on a raw channel: sends exactly the bytes or packets a test wants and reads what comes back.</summary>
internal sealed class RawPeer(IMqttChannel channel, MqttProtocolVersion version) : IAsyncDisposable
{
    private readonly MqttPacketConnection _connection = new(channel, 1024 * 1024) { Formatter = MqttPacketFormatter.For(version) };

    public IMqttChannel Channel => channel;

    public async Task SendBytesAsync(byte[] bytes)
    {
        await channel.Output.WriteAsync(bytes);
    }

    public Task SendAsync(MqttPacket packet) => SendBytesAsync(MqttPacketFormatter.For(version).Encode(packet));

    /// <summary>The next packet, or null when the other side closed the connection.</summary>
    public async Task<MqttPacket?> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        var packet = await _connection.ReceiveAsync(cts.Token);
        if (packet is null && cts.IsCancellationRequested)
        {
            throw new TimeoutException("No packet arrived in time.");
        }

        return packet;
    }

    /// <summary>As a fake server: the first packet must be CONNECT (decoded before the version is known).</summary>
    public async Task<ConnectPacket> ExpectConnectAsync()
    {
        _connection.Formatter = null;
        var packet = await ReceiveAsync();
        _connection.Formatter = MqttPacketFormatter.For(version);
        return Assert.IsType<ConnectPacket>(packet);
    }

    public async Task<T> ExpectAsync<T>()
        where T : MqttPacket
    {
        var packet = await ReceiveAsync();
        return Assert.IsType<T>(packet);
    }

    /// <summary>Reads until the peer closes; returns the last packet seen (e.g. a DISCONNECT).</summary>
    public async Task<MqttPacket?> ReadUntilClosedAsync(TimeSpan? timeout = null)
    {
        MqttPacket? last = null;
        while (await ReceiveAsync(timeout) is { } packet)
        {
            last = packet;
        }

        return last;
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}

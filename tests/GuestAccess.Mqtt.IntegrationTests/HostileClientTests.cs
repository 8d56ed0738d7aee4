using System.Net;
using System.Net.Sockets;
using GuestAccess.Mqtt.IntegrationTests.Support;

namespace GuestAccess.Mqtt.IntegrationTests;

/// <summary>Misbehaving peers on real sockets cannot hurt the broker or the other clients.</summary>
public sealed class HostileClientTests
{
    private static readonly byte[] ConnectV311KeepAlive1 = [0x10, 0x0F, 0x00, 0x04, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 0x04, 0x02, 0x00, 0x01, 0x00, 0x03, (byte)'r', (byte)'a', (byte)'w'];

    [Fact]
    public async Task Garbage_HalfPackets_And256MegabyteLength_OtherClientsUnaffected()
    {
        await using var broker = new TcpBroker(o =>
        {
            o.ConnectTimeout = TimeSpan.FromSeconds(1);
            o.MaxPacketSize = 64 * 1024;
        });
        var (watcher, inbox) = await PahoWithOurBrokerTests.ConnectWatcherAsync(broker, "ga/#");
        var random = new Random(1234);
        List<byte[]> attacks =
        [
            Garbage(random, 4096),
            [0x10, 0xFF, 0xFF, 0xFF, 0x7F],
            [.. ConnectV311KeepAlive1, 0x30, 0xFF, 0xFF, 0xFF, 0x7F, 0x00, 0x01],
            [.. ConnectV311KeepAlive1, 0x30, 0x80, 0x80, 0x80, 0x80, 0x01],
            [.. ConnectV311KeepAlive1, 0x32, 0x0A, 0x00, 0x03, (byte)'g'],
            ConnectV311KeepAlive1[..7],
            [0x10, 0x0F],
        ];

        var sockets = new List<Socket>();
        foreach (var attack in attacks)
        {
            var socket = await ConnectAsync(broker.Port);
            await socket.SendAsync(attack);
            sockets.Add(socket);
        }

        foreach (var socket in sockets)
        {
            Assert.True(await ClosedByPeerAsync(socket, TimeSpan.FromSeconds(6)), "the broker must close a hostile connection");
            socket.Dispose();
        }

        await PahoWithOurBrokerTests.PublishAsync(broker, "ga/after", "still serving");
        Assert.Equal("still serving", (await inbox.NextAsync()).Text());
        using (var settle = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            // Only the watcher stays: the hostile sockets never became clients and the publisher has left.
            while (broker.Broker.ClientCount != 1)
            {
                await Task.Delay(10, settle.Token);
            }
        }

        await watcher.DisposeAsync();
    }

    [Fact]
    public async Task SilentClient_KeepAliveOneSecond_ClosedAfterOneAndAHalf()
    {
        await using var broker = new TcpBroker();
        using var socket = await ConnectAsync(broker.Port);
        await socket.SendAsync(ConnectV311KeepAlive1);
        var connAck = new byte[4];
        Assert.Equal(4, await socket.ReceiveAsync(connAck));
        Assert.Equal(new byte[] { 0x20, 0x02, 0x00, 0x00 }, connAck);

        var started = DateTime.UtcNow;
        Assert.True(await ClosedByPeerAsync(socket, TimeSpan.FromSeconds(5)));
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(1.4), TimeSpan.FromSeconds(4));
    }

    [Fact]
    public async Task ManyConnectionsWithoutConnect_ClosedAfterConnectTimeout()
    {
        await using var broker = new TcpBroker(o => o.ConnectTimeout = TimeSpan.FromSeconds(1));
        var sockets = new List<Socket>();
        for (var i = 0; i < 50; i++)
        {
            sockets.Add(await ConnectAsync(broker.Port));
        }

        foreach (var socket in sockets)
        {
            Assert.True(await ClosedByPeerAsync(socket, TimeSpan.FromSeconds(5)));
            socket.Dispose();
        }
    }

    private static byte[] Garbage(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        bytes[0] = 0x10;
        return bytes;
    }

    private static async Task<Socket> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, port);
        return socket;
    }

    private static async Task<bool> ClosedByPeerAsync(Socket socket, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var buffer = new byte[1024];
        try
        {
            while (true)
            {
                if (await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token) == 0)
                {
                    return true;
                }
            }
        }
        catch (SocketException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}

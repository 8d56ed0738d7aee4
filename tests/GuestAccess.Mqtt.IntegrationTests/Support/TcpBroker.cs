using System.Text;
using GuestAccess.Mqtt.Channel;
using GuestAccess.Mqtt.Client;
using GuestAccess.Mqtt.Server;
using GuestAccess.Mqtt.Tests.Support;
using Microsoft.Extensions.Options;

namespace GuestAccess.Mqtt.IntegrationTests.Support;

/// <summary>Our broker on 127.0.0.1 with an OS-chosen port; disposing it fails the test if any component logged an unexpected error.</summary>
internal sealed class TcpBroker : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _owned = [];

    public TcpBroker(Action<MqttBrokerOptions>? configure = null, bool withLockHooks = false)
    {
        var options = new MqttBrokerOptions { Port = 0, BindAddress = "127.0.0.1", AllowAnonymous = !withLockHooks };
        configure?.Invoke(options);
        var hooks = withLockHooks ? new LockAccessHooks() : null;
        Broker = new MqttBroker(Options.Create(options), Logs, hooks, hooks);
        Broker.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    public RecordingLoggerFactory Logs { get; } = new();

    public MqttBroker Broker { get; }

    public int Port => Broker.Port;

    public T Own<T>(T disposable)
        where T : IAsyncDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync();
        }

        await Broker.DisposeAsync();
        Logs.AssertNoUnexpectedErrors();
    }
}

/// <summary>Our client over real TCP; the last channel is kept so a test can cut the connection abruptly.</summary>
internal sealed class TcpClientHandle
{
    public required MqttClient Client { get; init; }

    public IMqttChannel? Channel { get; set; }

    public static TcpClientHandle Create(int port, RecordingLoggerFactory logs, string clientId, MqttProtocolVersion version, Func<MqttClientOptions, MqttClientOptions>? configure = null)
    {
        TcpClientHandle? handle = null;
        var options = new MqttClientOptions
        {
            ClientId = clientId,
            ProtocolVersion = version,
            ChannelFactory = async ct => handle!.Channel = await MqttTcpChannel.ConnectAsync("127.0.0.1", port, null, ct),
            ReconnectMinDelay = TimeSpan.FromMilliseconds(20),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
        };
        handle = new TcpClientHandle { Client = new MqttClient(configure?.Invoke(options) ?? options, logs.CreateLogger<MqttClient>()) };
        return handle;
    }

    public static MqttApplicationMessage Message(string topic, string payload, MqttQualityOfService qos = MqttQualityOfService.AtLeastOnce, bool retain = false) =>
        new() { Topic = topic, Payload = Encoding.UTF8.GetBytes(payload), QualityOfService = qos, Retain = retain };
}

using System.Text;
using GuestAccess.Mqtt.Channel;
using GuestAccess.Mqtt.Client;
using GuestAccess.Mqtt.Server;
using Microsoft.Extensions.Options;

namespace GuestAccess.Mqtt.Tests.Support;

/// <summary>An embedded broker with in-memory clients; disposing it fails the test if anything logged an unexpected error.</summary>
public sealed class BrokerHarness : IAsyncDisposable
{
    private readonly List<MqttClient> _clients = [];

    public BrokerHarness(Action<MqttBrokerOptions>? configure = null, IMqttAuthenticator? authenticator = null, IMqttAuthorizer? authorizer = null)
    {
        var options = new MqttBrokerOptions { EnableTcpListener = false, AllowAnonymous = true };
        configure?.Invoke(options);
        Broker = new MqttBroker(Options.Create(options), Logs, authenticator, authorizer);
        Broker.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    public RecordingLoggerFactory Logs { get; } = new();

    public MqttBroker Broker { get; }

    /// <summary>The broker side of the most recent in-memory connection's client end, to cut it abruptly.</summary>
    public IMqttChannel? LastChannel { get; private set; }

    public MqttClient CreateClient(string clientId, MqttProtocolVersion version = MqttProtocolVersion.V500, Func<MqttClientOptions, MqttClientOptions>? configure = null)
    {
        var options = new MqttClientOptions
        {
            ClientId = clientId,
            ProtocolVersion = version,
            ChannelFactory = _ => ValueTask.FromResult(LastChannel = Broker.ConnectInMemory()),
            ReconnectMinDelay = TimeSpan.FromMilliseconds(20),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
        };
        var client = new MqttClient(configure?.Invoke(options) ?? options, Logs.CreateLogger<MqttClient>());
        _clients.Add(client);
        return client;
    }

    public async Task<(MqttClient Client, MessageInbox Inbox)> ConnectSubscriberAsync(string clientId, string filter, MqttProtocolVersion version = MqttProtocolVersion.V500, Func<MqttClientOptions, MqttClientOptions>? configure = null)
    {
        var inbox = new MessageInbox();
        var client = CreateClient(clientId, version, configure);
        client.MessageReceivedAsync = inbox.Handle;
        await client.ConnectAsync();
        var result = await client.SubscribeAsync(filter);
        Assert.True(result.AllGranted);
        return (client, inbox);
    }

    public static MqttApplicationMessage Message(string topic, string payload, MqttQualityOfService qos = MqttQualityOfService.AtLeastOnce, bool retain = false) =>
        new() { Topic = topic, Payload = Encoding.UTF8.GetBytes(payload), QualityOfService = qos, Retain = retain };

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        await Broker.DisposeAsync();
        Logs.AssertNoUnexpectedErrors();
    }
}

public static class PayloadExtensions
{
    public static string Text(this MqttReceivedMessage message) => Encoding.UTF8.GetString(message.Payload.Span);
}

using GuestAccess.Mqtt.Client;
using GuestAccess.Mqtt.IntegrationTests.Support;
using GuestAccess.Mqtt.Server;
using GuestAccess.Mqtt.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GuestAccess.Mqtt.IntegrationTests;

/// <summary>The broker registered with AddMqttBroker in a generic host, with the lock-fleet hooks from the container.</summary>
public sealed class HostedBrokerTests
{
    [Fact]
    public async Task AddMqttBroker_HostStartAndStop_ServesTcpAndShutsDownGracefully()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        var hooks = new LockAccessHooks();
        builder.Services.AddSingleton<IMqttAuthenticator>(hooks);
        builder.Services.AddSingleton<IMqttAuthorizer>(hooks);
        builder.Services.AddMqttBroker(o =>
        {
            o.Port = 0;
            o.BindAddress = "127.0.0.1";
        });
        using var host = builder.Build();
        await host.StartAsync();
        var broker = host.Services.GetRequiredService<MqttBroker>();
        Assert.NotEqual(0, broker.Port);

        var logs = new RecordingLoggerFactory();
        var disconnected = new TaskCompletionSource<MqttDisconnectInfo>();
        var handle = TcpClientHandle.Create(broker.Port, logs, "L1", MqttProtocolVersion.V500, o => new MqttClientOptions
        {
            ClientId = "L1",
            ChannelFactory = o.ChannelFactory,
            Username = "L1",
            Password = "secret-1"u8.ToArray(),
            AutoReconnect = false,
        });
        await using var client = handle.Client;
        client.DisconnectedAsync = info =>
        {
            disconnected.TrySetResult(info);
            return ValueTask.CompletedTask;
        };
        await client.ConnectAsync();
        Assert.True((await client.PublishAsync(TcpClientHandle.Message("guestaccess/v1/locks/L1/status", "online"))).IsSuccess);

        await host.StopAsync();

        Assert.Equal(MqttReasonCode.ServerShuttingDown, (await disconnected.Task.WaitAsync(TimeSpan.FromSeconds(10))).ServerReasonCode);
    }

    [Fact]
    public void AddMqttBroker_InvalidOptions_FailAtStart()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddMqttBroker(o => o.MaxPacketSize = 10);
        using var host = builder.Build();
        Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<MqttBroker>());
    }
}

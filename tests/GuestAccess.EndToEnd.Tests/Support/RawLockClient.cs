using System.Text;
using GuestAccess.Mqtt;
using GuestAccess.Mqtt.Client;
using GuestAccess.Mqtt.Server;
using Microsoft.Extensions.DependencyInjection;

namespace GuestAccess.EndToEnd.Tests.Support;

/// <summary>A bare MQTT client pretending to be a lock (or an intruder), for broker access tests.</summary>
public static class RawLockClient
{
    public static MqttClient Create(int port, string clientId, string? username, string? password, MqttApplicationMessage? will = null) => new(new MqttClientOptions
    {
        Host = "127.0.0.1",
        Port = port,
        ClientId = clientId,
        Username = username,
        Password = password is null ? null : Encoding.UTF8.GetBytes(password),
        AutoReconnect = false,
        Will = will,
        ConnectTimeout = TimeSpan.FromSeconds(5),
    });

    public static int EmbeddedPort(FleetHost host) => host.Services.GetRequiredService<MqttBroker>().Port;

    public static MqttApplicationMessage Message(string topic, string payload, bool retain = false) =>
        new() { Topic = topic, Payload = Encoding.UTF8.GetBytes(payload), QualityOfService = MqttQualityOfService.AtLeastOnce, Retain = retain };
}

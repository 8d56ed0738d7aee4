using System.Text;
using GuestAccess.Mqtt.Server;

namespace GuestAccess.Mqtt.Tests.Support;

/// <summary>The shape the lock fleet will use: per-lock credentials, and a lock may only touch its own topics.</summary>
public sealed class LockAccessHooks : IMqttAuthenticator, IMqttAuthorizer
{
    public const string Prefix = "guestaccess/v1/locks/";

    public Dictionary<string, string> Passwords { get; } = new() { ["L1"] = "secret-1", ["L2"] = "secret-2", ["server"] = "server-secret" };

    public ValueTask<MqttAuthenticationResult> AuthenticateAsync(MqttAuthenticationRequest request, CancellationToken cancellationToken)
    {
        var ok = request.Username is { } user && request.Password is { } password
            && Passwords.TryGetValue(user, out var expected) && Encoding.UTF8.GetString(password.Span) == expected;
        return ValueTask.FromResult(ok ? MqttAuthenticationResult.Accept(request.Username) : MqttAuthenticationResult.Reject());
    }

    public bool CanPublish(MqttClientContext client, string topic) => Allowed(client, topic);

    public bool CanSubscribe(MqttClientContext client, string topicFilter) => Allowed(client, topicFilter);

    private static bool Allowed(MqttClientContext client, string topic) =>
        client.Principal is "server" || (client.Principal is string lockId && topic.StartsWith(Prefix + lockId + "/", StringComparison.Ordinal));
}

using GuestAccess.LockProtocol.Topics;
using GuestAccess.Mqtt;
using GuestAccess.Mqtt.Server;
using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Locks.Broker;

/// <summary>Who an authenticated broker client is.</summary>
internal abstract record FleetPrincipal
{
    public sealed record Server : FleetPrincipal;

    public sealed record Lock(LockId LockId) : FleetPrincipal;
}

/// <summary>
/// The embedded broker's authentication and ACL hooks. A lock logs in with client id = user name
/// = its lock id and its provisioned password, and may then touch only its own topics
/// (<see cref="LockTopicAcl"/>: subscribe to its commands; publish replies and events unretained
/// and its status retained; its will must be its retained status). The server logs in with its
/// internal secret and may subscribe to the lock-to-server topics and publish commands, never
/// retained. A revoked, decommissioned or never provisioned lock has no hash here and is refused.
/// </summary>
internal sealed class LockBrokerAccess(BrokerCredentialCache credentials, IOptions<FleetMqttOptions> options) : IMqttAuthenticator, IMqttAuthorizer
{
    private static readonly HashSet<string> ServerFilters = new(
        [LockTopics.Replies.AllLocksFilter, LockTopics.Events.AllLocksFilter, LockTopics.Status.AllLocksFilter],
        StringComparer.Ordinal);

    public ValueTask<MqttAuthenticationResult> AuthenticateAsync(MqttAuthenticationRequest request, CancellationToken cancellationToken)
    {
        var password = request.Password is { } given ? given.Span : default;
        if (string.Equals(request.Username, options.Value.Username, StringComparison.Ordinal) && credentials.VerifyServer(password))
        {
            // Its session gets its own, much larger queue: a slow server delays events, it does not lose them.
            return ValueTask.FromResult(MqttAuthenticationResult.Accept(new FleetPrincipal.Server(), options.Value.ServerMaxQueuedMessages));
        }

        if (LockId.TryParse(request.Username, out var lockId)
            && string.Equals(request.ClientId, request.Username, StringComparison.Ordinal)
            && credentials.VerifyLock(lockId, password))
        {
            return ValueTask.FromResult(MqttAuthenticationResult.Accept(new FleetPrincipal.Lock(lockId)));
        }

        return ValueTask.FromResult(MqttAuthenticationResult.Reject(MqttReasonCode.BadUserNameOrPassword));
    }

    public bool CanPublish(MqttClientContext client, string topic) => CanPublish(client, topic, retain: false);

    public bool CanPublish(MqttClientContext client, string topic, bool retain) => client.Principal switch
    {
        FleetPrincipal.Server => LockTopicAcl.ServerMayPublish(topic, retain),
        FleetPrincipal.Lock l => LockTopicAcl.MayPublish(l.LockId, topic, retain),
        _ => false,
    };

    public bool CanSubscribe(MqttClientContext client, string topicFilter) => client.Principal switch
    {
        FleetPrincipal.Server => ServerFilters.Contains(topicFilter),
        FleetPrincipal.Lock l => LockTopicAcl.MaySubscribe(l.LockId, topicFilter),
        _ => false,
    };
}

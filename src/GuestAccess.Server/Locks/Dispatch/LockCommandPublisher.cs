using System.Diagnostics;
using GuestAccess.LockProtocol.Messages;
using GuestAccess.LockProtocol.Signing;
using GuestAccess.Server.Locks.Broker;
using GuestAccess.Server.Locks.Signing;

namespace GuestAccess.Server.Locks.Dispatch;

/// <summary>
/// Signs commands just before they leave (fresh counter, issuedAt, expiresAt) and publishes them
/// QoS 1, never retained, with the W3C trace context of the change that caused them.
/// </summary>
internal sealed class LockCommandPublisher(LockSigningKeyStore keys, FleetConnection connection, TimeProvider clock, LockFleetMetrics metrics)
{
    public static readonly ActivitySource Source = new("GuestAccess.Locks");

    private readonly Lazy<CommandSigner> _signer = new(() => new CommandSigner(keys.Current, new ClockCommandCounterSource(clock), clock));

    public SignedCommand Sign(LockCommand command, TimeSpan lifetime) => _signer.Value.Sign(command, lifetime);

    /// <summary>True when the broker acknowledged the command.</summary>
    public async Task<bool> PublishAsync(SignedCommand command, string? traceParent, CancellationToken cancellationToken)
    {
        using var activity = Source.StartActivity(
            "lock command " + command.Command.Type,
            ActivityKind.Producer,
            traceParent is not null && ActivityContext.TryParse(traceParent, null, out var parent) ? parent : default);
        activity?.SetTag("messaging.system", "mqtt");
        activity?.SetTag("messaging.destination.name", command.Topic);
        activity?.SetTag("guestaccess.lock", command.Command.Lock.Value);
        activity?.SetTag("guestaccess.command_id", command.Command.CommandId);
        var sent = await connection.PublishAsync(command.Topic, command.Payload, activity?.Id ?? traceParent, cancellationToken);
        metrics.CommandSent(command.Command.Type, sent);
        activity?.SetStatus(sent ? ActivityStatusCode.Ok : ActivityStatusCode.Error);
        return sent;
    }
}

using System.Text;
using GuestAccess.LockProtocol.Messages;
using GuestAccess.LockProtocol.Topics;

namespace GuestAccess.LockProtocol.Signing;

/// <summary>
/// A stamped command and its compact JWS. Publish <see cref="Payload"/> to <see cref="Topic"/>
/// with QoS 1 and retain = false. Re-publishing the same token is safe: the lock answers a
/// duplicate of its last command with the same ack and does not act twice.
/// </summary>
public sealed record SignedCommand(LockCommand Command, string Token)
{
    public string Topic => LockTopics.Commands.For(Command.Lock);

    /// <summary>The MQTT payload: the token's ASCII bytes.</summary>
    public byte[] Payload => Encoding.ASCII.GetBytes(Token);
}

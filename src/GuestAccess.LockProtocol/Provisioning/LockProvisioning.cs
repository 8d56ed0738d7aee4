using GuestAccess.LockProtocol.Signing;
using GuestAccess.LockProtocol.Topics;

namespace GuestAccess.LockProtocol.Provisioning;

/// <summary>
/// What one lock controller is given when it is installed: its identity, the door it guards,
/// the site's time zone, its broker credentials and the public keys (and mobile-key issuer) it
/// trusts. See docs/lock-protocol.md, "Provisioning bundle". The password is a secret: it is left
/// out of <see cref="ToString"/> and must never be logged.
/// </summary>
public sealed record LockProvisioning
{
    public const int MaxTrustedKeys = 4;
    public const int MaxSecretLength = 256;

    /// <summary>The lock id: MQTT client id, topic level and (on the GuestAccess broker) user name.</summary>
    public required LockId Lock { get; init; }

    /// <summary>The door id written into every event (<c>door</c>).</summary>
    public required string Door { get; init; }

    /// <summary>The door's name for people (display only).</summary>
    public required string DoorName { get; init; }

    /// <summary>IANA time zone of the site, e.g. <c>Europe/Copenhagen</c> (display and local-time input; schedules carry their own rule).</summary>
    public required string TimeZone { get; init; }

    /// <summary>Broker user name; on the GuestAccess broker it is the lock id.</summary>
    public required string Username { get; init; }

    /// <summary>The per-lock broker secret. Never log it.</summary>
    public required string Password { get; init; }

    /// <summary>The <c>iss</c> a mobile key must carry to be accepted here.</summary>
    public required string Issuer { get; init; }

    /// <summary>The server public keys the lock trusts for commands and mobile keys (current and next).</summary>
    public required IReadOnlyList<EcPublicJwk> TrustedKeys { get; init; }

    /// <summary>A key set for <see cref="CommandVerifier"/> and <see cref="Credentials.MobileKeyVerifier"/>.</summary>
    public TrustedKeySet CreateTrustedKeySet() => new(TrustedKeys);

    public override string ToString() =>
        $"LockProvisioning {{ Lock = {Lock}, Door = {Door}, TimeZone = {TimeZone}, Username = {Username}, Password = ***, Issuer = {Issuer}, TrustedKeys = {string.Join(",", TrustedKeys.Select(k => k.KeyId))} }}";
}

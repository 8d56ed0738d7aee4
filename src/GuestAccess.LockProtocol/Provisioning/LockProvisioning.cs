using GuestAccess.LockProtocol.Topics;

namespace GuestAccess.LockProtocol.Provisioning;

/// <summary>
/// One controller's entry in a <see cref="ProvisioningBundle"/>: its identity, the door it guards,
/// the site's time zone and its broker credentials (docs/lock-protocol.md, section 15.1). The
/// password is a secret: it is left out of <see cref="ToString"/> and must never be logged.
/// </summary>
public sealed record LockProvisioning
{
    public const int MaxSecretLength = 256;

    /// <summary>The lock id: MQTT client id, user name on the GuestAccess broker, topic level.</summary>
    public required LockId Lock { get; init; }

    /// <summary>The door id written into every event (<c>door</c>).</summary>
    public required string Door { get; init; }

    /// <summary>The door's name for people (display only).</summary>
    public required string DoorName { get; init; }

    /// <summary>The site's slug (for people and logs only).</summary>
    public required string Site { get; init; }

    /// <summary>IANA time zone of the site, e.g. <c>Europe/Copenhagen</c> (display and local-time input; schedules carry their own rule).</summary>
    public required string TimeZone { get; init; }

    /// <summary>Broker user name; on the GuestAccess broker it is the lock id.</summary>
    public required string Username { get; init; }

    /// <summary>The per-lock broker secret. Never log it.</summary>
    public required string Password { get; init; }

    public override string ToString() =>
        $"LockProvisioning {{ Lock = {Lock}, Door = {Door}, Site = {Site}, TimeZone = {TimeZone}, Username = {Username}, Password = *** }}";
}

/// <summary>Where controllers connect (section 15.1, <c>broker</c>).</summary>
public sealed record BrokerAddress
{
    public required string Host { get; init; }

    public required int Port { get; init; }

    /// <summary>MQTT over TLS.</summary>
    public required bool Tls { get; init; }

    /// <summary>PEM of the CA that signed the broker's certificate, when it is not publicly trusted.</summary>
    public string? CaCertificate { get; init; }
}

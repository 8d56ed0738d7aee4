using GuestAccess.LockProtocol.Provisioning;
using GuestAccess.Mqtt.Server;
using GuestAccess.Server.Locks.Broker;
using GuestAccess.Server.Locks.Signing;
using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Locks.Provisioning;

/// <summary>
/// Builds provisioning bundles (docs/lock-protocol.md 15.1): the broker as the locks must reach it
/// (Mqtt:AdvertisedHost/Port, else the embedded broker on 127.0.0.1 and its real port, or the
/// external broker), the trusted public keys, the mobile-key issuer and the issued credentials.
/// </summary>
public sealed class BundleFactory(
    LockSigningKeyStore keys,
    IOptions<FleetMqttOptions> mqtt,
    IOptions<LockFleetOptions> fleet,
    TimeProvider clock,
    IServiceProvider services)
{
    public ProvisioningBundle Create(IReadOnlyList<IssuedLockCredentials> locks) => new()
    {
        CreatedAt = clock.GetUtcNow(),
        Broker = Broker(),
        MobileKeyIssuer = fleet.Value.MobileKeyIssuer,
        TrustedKeys = keys.TrustedKeys,
        Locks = locks.Select(l => new LockProvisioning
        {
            Lock = l.LockId,
            Door = l.Door,
            DoorName = l.DoorName,
            Site = l.Site,
            TimeZone = l.TimeZone,
            Username = l.LockId.Value,
            Password = l.Password,
        }).ToList(),
    };

    public BrokerAddress Broker()
    {
        var o = mqtt.Value;
        if (o.Mode == MqttMode.External)
        {
            return new BrokerAddress
            {
                Host = o.AdvertisedHost ?? o.Host,
                Port = o.AdvertisedPort ?? o.Port,
                Tls = o.UseTls,
                CaCertificate = o.CaCertificateFile is { } ca ? File.ReadAllText(ca) : null,
            };
        }

        var broker = services.GetRequiredService<MqttBroker>();
        return new BrokerAddress { Host = o.AdvertisedHost ?? "127.0.0.1", Port = o.AdvertisedPort ?? broker.Port, Tls = false };
    }
}

using GuestAccess.LockProtocol.Topics;
using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Locks.Broker;

/// <summary>Where the lock fleet's MQTT traffic goes.</summary>
public enum MqttMode
{
    /// <summary>The server hosts the broker itself (the one-process default).</summary>
    Embedded,

    /// <summary>An external broker (Mosquitto, EMQX), reached as a client with TLS and credentials.</summary>
    External,
}

/// <summary>
/// Section <c>Mqtt</c>. In Embedded mode the broker listens as <c>Mqtt:Broker:*</c> says
/// (<see cref="GuestAccess.Mqtt.Server.MqttBrokerOptions"/>) and the server connects to it over
/// loopback with internal credentials; in External mode the server connects to
/// <see cref="Host"/>:<see cref="Port"/> as <see cref="Username"/>.
/// </summary>
public sealed class FleetMqttOptions
{
    public const string Section = "Mqtt";

    /// <summary>The server's own broker user; underscore keeps it apart from every lock id.</summary>
    public const string DefaultUsername = "ga_server";

    public MqttMode Mode { get; set; } = MqttMode.Embedded;

    /// <summary>External: the broker's host name.</summary>
    public string Host { get; set; } = "localhost";

    /// <summary>External: the broker's port (1883 plain, 8883 with TLS by convention).</summary>
    public int Port { get; set; } = 1883;

    /// <summary>External: connect with TLS.</summary>
    public bool UseTls { get; set; }

    /// <summary>External with TLS: a PEM file with the CA that signed the broker's certificate, when it is not publicly trusted.</summary>
    public string? CaCertificateFile { get; set; }

    /// <summary>External: the server's broker user name (in the generated Mosquitto files too).</summary>
    public string Username { get; set; } = DefaultUsername;

    /// <summary>External: the server's broker password. Prefer <see cref="PasswordFile"/>.</summary>
    public string? Password { get; set; }

    /// <summary>External: a file holding the server's broker password; default <c>{DataDirectory}/mqtt-server.secret</c> (written by <c>locks mosquitto-config</c>).</summary>
    public string? PasswordFile { get; set; }

    /// <summary>The server's MQTT client id; default <c>ga_server-{machine name}</c>. Unique per server instance.</summary>
    public string? ClientId { get; set; }

    /// <summary>MQTT 5 shared-subscription group for events; server instances in one group split them (replies and status reach every instance).</summary>
    public string ShareGroup { get; set; } = "guestaccess";

    /// <summary>How long the broker keeps the server's session (and queues replies and events for it) while it is away.</summary>
    public TimeSpan SessionExpiry { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Embedded: messages the broker queues for the server's own session beyond those in flight
    /// (every lock's events and replies go there), instead of <c>Mqtt:Broker:MaxQueuedMessages</c>,
    /// which bounds each lock's session. When the server falls behind in a rush its events wait
    /// here instead of being dropped (a dropped event is only replayed after a gap or a status
    /// check). About 0.5 KB each: the default holds 40 s of a 5,000 events/s rush in ~100 MB.
    /// </summary>
    public int ServerMaxQueuedMessages { get; set; } = 200_000;

    /// <summary>
    /// The broker address written into provisioning bundles, as the locks must reach it. Default:
    /// Embedded = 127.0.0.1 and the broker's real port; External = <see cref="Host"/>:<see cref="Port"/>.
    /// </summary>
    public string? AdvertisedHost { get; set; }

    public int? AdvertisedPort { get; set; }

    public string EffectiveClientId => ClientId ?? $"{DefaultUsername}-{SafeMachineName()}";

    private static string SafeMachineName()
    {
        var name = new string(Environment.MachineName.ToLowerInvariant().Where(c => char.IsAsciiLetterOrDigit(c) || c == '-').Take(40).ToArray());
        return name.Length == 0 ? "host" : name;
    }
}

internal sealed class FleetMqttOptionsValidator : IValidateOptions<FleetMqttOptions>
{
    public ValidateOptionsResult Validate(string? name, FleetMqttOptions options)
    {
        var errors = new List<string>();
        if (!Enum.IsDefined(options.Mode))
        {
            errors.Add($"Mqtt:Mode must be one of: {string.Join(", ", Enum.GetNames<MqttMode>())}.");
        }

        if (options.Port is < 1 or > 65535 || options.AdvertisedPort is < 1 or > 65535)
        {
            errors.Add("Mqtt:Port and Mqtt:AdvertisedPort must be 1..65535.");
        }

        if (options.Mode == MqttMode.External && string.IsNullOrWhiteSpace(options.Host))
        {
            errors.Add("Mqtt:Host is required when Mqtt:Mode is External.");
        }

        if (string.IsNullOrWhiteSpace(options.Username) || options.Username.Contains(':', StringComparison.Ordinal) || LockId.IsValid(options.Username))
        {
            errors.Add("Mqtt:Username must not be empty, contain ':' or look like a lock id (use an '_' as in 'ga_server').");
        }

        if (!LockTopics.IsValidShareGroup(options.ShareGroup))
        {
            errors.Add("Mqtt:ShareGroup is 1-64 characters of a-z, A-Z, 0-9, '-' and '_'.");
        }

        if (options.SessionExpiry < TimeSpan.Zero || options.SessionExpiry > TimeSpan.FromDays(7))
        {
            errors.Add("Mqtt:SessionExpiry must be 0 to 7 days.");
        }

        if (options.ServerMaxQueuedMessages is < 1_000 or > 10_000_000)
        {
            errors.Add("Mqtt:ServerMaxQueuedMessages must be 1,000 to 10,000,000.");
        }

        if (options.CaCertificateFile is { } ca && !File.Exists(ca))
        {
            errors.Add($"Mqtt:CaCertificateFile '{ca}' does not exist.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

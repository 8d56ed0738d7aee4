using System.Diagnostics.CodeAnalysis;
using System.Text;
using GuestAccess.LockProtocol.Signing;

namespace GuestAccess.LockProtocol.Provisioning;

/// <summary>
/// Everything one or more controllers need to start: the broker, the keys and mobile-key issuer
/// they trust, and per lock its identity and broker credentials (docs/lock-protocol.md, section
/// 15.1). The server writes it (<see cref="ToJson"/>); a controller or the firmware simulator
/// reads it (<see cref="Parse"/>) strictly: unknown, duplicate or missing members, wrong types and
/// broken rules are refused with an error that names the member, never its value (the file holds
/// passwords).
/// </summary>
public sealed record ProvisioningBundle
{
    public const string TypeName = "provisioning_bundle";
    public const int MaxLocks = 10_000;
    public const int MaxTrustedKeys = 4;

    /// <summary>When the server wrote it.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    public required BrokerAddress Broker { get; init; }

    /// <summary>The <c>iss</c> a mobile key must carry to be accepted.</summary>
    public required string MobileKeyIssuer { get; init; }

    /// <summary>The server public keys the locks trust for commands and mobile keys (current and next).</summary>
    public required IReadOnlyList<EcPublicJwk> TrustedKeys { get; init; }

    public required IReadOnlyList<LockProvisioning> Locks { get; init; }

    /// <summary>A key set for <see cref="CommandVerifier"/> and <see cref="Credentials.MobileKeyVerifier"/> (dispose it).</summary>
    public TrustedKeySet CreateTrustedKeySet() => new(TrustedKeys);

    /// <summary>Parses a bundle. Throws <see cref="FormatException"/> naming the offending member.</summary>
    public static ProvisioningBundle Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return ProvisioningBundleReader.Read(Encoding.UTF8.GetBytes(json));
    }

    public static bool TryParse(string json, [NotNullWhen(true)] out ProvisioningBundle? bundle, [NotNullWhen(false)] out string? error)
    {
        try
        {
            bundle = Parse(json);
            error = null;
            return true;
        }
        catch (FormatException ex)
        {
            bundle = null;
            error = ex.Message;
            return false;
        }
    }

    /// <summary>The bundle as indented JSON, checked by the reader (throws <see cref="InvalidOperationException"/> if it would not parse).</summary>
    public string ToJson()
    {
        var json = ProvisioningBundleWriter.Write(this);
        try
        {
            Parse(json);
        }
        catch (FormatException ex)
        {
            throw new InvalidOperationException($"Invalid provisioning bundle: {ex.Message}");
        }

        return json;
    }

    /// <summary>The same bundle with only the given lock (what one real controller receives).</summary>
    public ProvisioningBundle ForLock(Topics.LockId lockId) =>
        this with { Locks = [Locks.FirstOrDefault(l => l.Lock == lockId) ?? throw new ArgumentException("The lock is not in this bundle.", nameof(lockId))] };

    public override string ToString() => $"ProvisioningBundle {{ Broker = {Broker.Host}:{Broker.Port}, Locks = {Locks.Count} }}";
}

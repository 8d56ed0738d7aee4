using GuestAccess.Domain.Grants;
using GuestAccess.LockProtocol.Credentials;

namespace GuestAccess.Server.Locks.Fleet;

/// <summary>
/// What a lock gets for one credential of a grant — never a PIN in clear. Build it from the
/// stored <see cref="Credential"/> with <see cref="From"/>.
/// </summary>
public abstract record CredentialMaterial(Guid CredentialId)
{
    /// <summary>The material of an active stored credential (PIN: its salt and hash; mobile key: its id).</summary>
    public static CredentialMaterial From(Credential credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        return credential.Kind switch
        {
            CredentialKind.Pin => new PinMaterial(credential.Id, credential.Salt, credential.Hash),
            CredentialKind.MobileKey => new MobileKeyMaterial(credential.Id),
        };
    }
}

/// <summary>
/// A PIN as the lock stores it: the 16-byte salt and <c>HMAC-SHA256(salt, "ga-pin-v1:" + PIN)</c>
/// (<see cref="PinHasher"/>). The lock checks a typed PIN against it; the PIN itself is shown once to its holder.
/// </summary>
public sealed record PinMaterial : CredentialMaterial
{
    public PinMaterial(Guid credentialId, byte[] salt, byte[] hash)
        : base(credentialId)
    {
        ArgumentNullException.ThrowIfNull(salt);
        ArgumentNullException.ThrowIfNull(hash);
        if (salt.Length != PinHasher.SaltBytes || hash.Length != PinHasher.HashBytes)
        {
            throw new ArgumentException($"A PIN credential has a {PinHasher.SaltBytes}-byte salt and a {PinHasher.HashBytes}-byte hash (PinHasher).");
        }

        Salt = salt;
        Hash = hash;
    }

    public byte[] Salt { get; }

    public byte[] Hash { get; }
}

/// <summary>
/// A mobile key: nothing is pushed to locks (they verify the signed token offline); the fleet
/// tracks its id so that revoking it puts a revocation entry on every lock of the grant. The
/// token's <c>jti</c> must be <see cref="LockWireIds.Credential"/> of <see cref="CredentialMaterial.CredentialId"/>.
/// </summary>
public sealed record MobileKeyMaterial(Guid CredentialId) : CredentialMaterial(CredentialId);

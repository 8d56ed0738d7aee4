namespace GuestAccess.Server.Locks.Store;

/// <summary>
/// "Refuse this credential until <see cref="Until"/>" for one lock, added at <see cref="AddedVersion"/>.
/// Needed for mobile keys (which a lock accepts on their signature alone) and sent for revoked
/// PINs too. After <see cref="Until"/> (the credential's own end) the entry is pointless and pruned.
/// </summary>
public sealed class LockRevocationEntry
{
    internal LockRevocationEntry(Guid lockId, Guid credentialId, DateTimeOffset until, long version)
    {
        LockId = lockId;
        CredentialId = credentialId;
        Until = until;
        AddedVersion = version;
    }

    private LockRevocationEntry()
    {
    }

    public Guid LockId { get; private set; }

    public Guid CredentialId { get; private set; }

    public DateTimeOffset Until { get; private set; }

    /// <summary>The desired-set version that added it.</summary>
    public long AddedVersion { get; private set; }

    internal void Renew(DateTimeOffset until, long version)
    {
        Until = until;
        AddedVersion = version;
    }
}

namespace GuestAccess.Server.Locks.Store;

public enum LockCredentialKind
{
    /// <summary>A PIN: the lock holds its salt and HMAC (never the PIN).</summary>
    Pin,

    /// <summary>A mobile key: nothing is pushed (the lock verifies it offline); tracked so a revocation reaches every lock it opens.</summary>
    MobileKey,
}

/// <summary>
/// One credential in a lock's desired set, with the versions that added and removed it. The set
/// at version v is every entry with <c>AddedVersion ≤ v</c> and no <c>RemovedVersion ≤ v</c>, so a
/// delta from the lock's applied version a is: upserts = PINs added after a and still present,
/// removals = PINs present at a and removed after a. Removed rows are pruned once the lock has
/// applied their removal (see <see cref="LockSyncState.DeltaFloor"/>).
/// </summary>
public sealed class LockCredentialEntry
{
    internal LockCredentialEntry(Guid lockId, Guid credentialId, Guid grantId, LockCredentialKind kind)
    {
        LockId = lockId;
        CredentialId = credentialId;
        GrantId = grantId;
        Kind = kind;
    }

    private LockCredentialEntry()
    {
    }

    public Guid LockId { get; private set; }

    public Guid CredentialId { get; private set; }

    public Guid GrantId { get; private set; }

    public LockCredentialKind Kind { get; private set; }

    /// <summary>PIN only: 16-byte salt.</summary>
    public byte[]? Salt { get; private set; }

    /// <summary>PIN only: HMAC-SHA256(salt, "ga-pin-v1:" + PIN).</summary>
    public byte[]? Hash { get; private set; }

    public DateTimeOffset NotBefore { get; private set; }

    public DateTimeOffset NotAfter { get; private set; }

    /// <summary>The lock-protocol schedule as JSON (with its POSIX rule), or null.</summary>
    public string? Schedule { get; private set; }

    public long AddedVersion { get; private set; }

    public long? RemovedVersion { get; private set; }

    public bool IsPresent => RemovedVersion is null;

    internal void Set(byte[]? salt, byte[]? hash, DateTimeOffset notBefore, DateTimeOffset notAfter, string? schedule, long version)
    {
        Salt = salt;
        Hash = hash;
        NotBefore = notBefore;
        NotAfter = notAfter;
        Schedule = schedule;
        AddedVersion = version;
        RemovedVersion = null;
    }

    internal bool SameContent(byte[]? salt, byte[]? hash, DateTimeOffset notBefore, DateTimeOffset notAfter, string? schedule) =>
        IsPresent && NotBefore == notBefore && NotAfter == notAfter && Schedule == schedule
        && (Salt ?? []).AsSpan().SequenceEqual(salt ?? []) && (Hash ?? []).AsSpan().SequenceEqual(hash ?? []);

    internal void Remove(long version) => RemovedVersion ??= version;
}

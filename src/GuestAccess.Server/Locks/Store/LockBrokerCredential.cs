namespace GuestAccess.Server.Locks.Store;

/// <summary>
/// A provisioned lock's broker password, kept only as a salted hash in Mosquitto 2.0's
/// PBKDF2-SHA512 format (<see cref="Broker.BrokerPassword"/>), so the same value authenticates
/// the lock at the embedded broker and goes verbatim into an external Mosquitto password file.
/// The user name is always the lock id. No row: the lock cannot connect.
/// </summary>
public sealed class LockBrokerCredential
{
    public const int MaxHashLength = 200;

    internal LockBrokerCredential(Guid lockId, string passwordHash, DateTimeOffset issuedAt)
    {
        LockId = lockId;
        PasswordHash = passwordHash;
        IssuedAt = issuedAt;
    }

    private LockBrokerCredential()
    {
        PasswordHash = string.Empty;
    }

    public Guid LockId { get; private set; }

    public string PasswordHash { get; private set; }

    public DateTimeOffset IssuedAt { get; private set; }

    internal void Replace(string passwordHash, DateTimeOffset issuedAt)
    {
        PasswordHash = passwordHash;
        IssuedAt = issuedAt;
    }
}

namespace GuestAccess.Domain.Grants;

public enum CredentialKind
{
    /// <summary>A keypad PIN. The server keeps only a salted hash; the plaintext is shown once.</summary>
    Pin,

    /// <summary>A signed token shown as a QR code / held in a phone, verified offline by the lock.</summary>
    MobileKey,
}

public enum CredentialStatus
{
    Active,

    /// <summary>Replaced by a re-issued credential of the same kind.</summary>
    Replaced,
    Revoked,
}

/// <summary>
/// One way to use a grant at its doors. Secret material is stored only in the form the lock
/// protocol sends to locks (a salted hash for a PIN, a hash of the token for a mobile key).
/// </summary>
public sealed class Credential
{
    public Credential(Guid id, Guid grantId, CredentialKind kind, byte[] salt, byte[] hash, DateTimeOffset issuedAt)
    {
        Id = id;
        GrantId = grantId;
        Kind = Enum.IsDefined(kind) ? kind : throw new ArgumentOutOfRangeException(nameof(kind));
        Salt = salt;
        Hash = hash;
        IssuedAt = issuedAt;
        Status = CredentialStatus.Active;
    }

    private Credential()
    {
        Salt = Hash = [];
    }

    public Guid Id { get; private set; }

    public Guid GrantId { get; private set; }

    public CredentialKind Kind { get; private set; }

    public CredentialStatus Status { get; private set; }

    public byte[] Salt { get; private set; }

    public byte[] Hash { get; private set; }

    public DateTimeOffset IssuedAt { get; private set; }

    public DateTimeOffset? EndedAt { get; private set; }

    public void Replace(DateTimeOffset at) => End(CredentialStatus.Replaced, at);

    public void Revoke(DateTimeOffset at) => End(CredentialStatus.Revoked, at);

    private void End(CredentialStatus status, DateTimeOffset at)
    {
        if (Status == CredentialStatus.Active)
        {
            Status = status;
            EndedAt = at;
        }
    }
}

namespace GuestAccess.Domain.Audit;

/// <summary>Broad class of an audit record, for retention and search.</summary>
public enum AuditCategory
{
    /// <summary>An entry attempt or alarm reported by a lock.</summary>
    Entry,

    /// <summary>Bookings created, changed, cancelled.</summary>
    Booking,

    /// <summary>Grants created, changed, revoked; remote unlocks; lockdowns.</summary>
    Access,

    /// <summary>Sites, rooms, doors, locks, users and roles administered.</summary>
    Administration,

    /// <summary>Sign-ins, failed staff logins, token events.</summary>
    Security,

    /// <summary>Auditors' own searches, exports and verifications.</summary>
    AuditAccess,
}

/// <summary>
/// One record of the append-only audit log (first schema). Each record commits to the previous
/// one through <see cref="PreviousHash"/>/<see cref="Hash"/>; personal data lives apart in
/// <see cref="AuditPersonalData"/> so retention can delete it without breaking the chain.
/// </summary>
public sealed class AuditRecord
{
    public AuditRecord(long sequence, DateTimeOffset recordedAt, AuditCategory category, string action, byte[] previousHash, byte[] hash)
    {
        Sequence = sequence;
        RecordedAt = recordedAt;
        Category = category;
        Action = action;
        PreviousHash = previousHash;
        Hash = hash;
    }

    private AuditRecord()
    {
        Action = string.Empty;
        PreviousHash = Hash = [];
    }

    /// <summary>Position in the chain, from 1, without gaps.</summary>
    public long Sequence { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }

    public AuditCategory Category { get; private set; }

    /// <summary>Stable action code, e.g. <c>grant.revoked</c> or <c>entry.denied</c>.</summary>
    public string Action { get; private set; }

    /// <summary>Pseudonymous id of whoever acted (user id), if anyone.</summary>
    public Guid? ActorId { get; set; }

    public Guid? SiteId { get; set; }

    public Guid? DoorId { get; set; }

    /// <summary>The object acted on, as "type:id" (e.g. <c>grant:…</c>).</summary>
    public string? Subject { get; set; }

    public string? Outcome { get; set; }

    /// <summary>Non-personal details as JSON.</summary>
    public string? Data { get; set; }

    /// <summary>The separately stored personal part, if any.</summary>
    public Guid? PersonalDataId { get; set; }

    public byte[] PreviousHash { get; private set; }

    public byte[] Hash { get; private set; }
}

/// <summary>The personal part of an audit record, deletable by retention.</summary>
public sealed class AuditPersonalData(Guid id, byte[] salt, string data, DateTimeOffset deleteAfter)
{
    public Guid Id { get; private set; } = id;

    /// <summary>Random salt; the chain commits to a hash of salt and data, never to the data itself.</summary>
    public byte[]? Salt { get; private set; } = salt;

    public string? Data { get; private set; } = data;

    public DateTimeOffset DeleteAfter { get; private set; } = deleteAfter;

    public DateTimeOffset? DeletedAt { get; private set; }

    public void Delete(DateTimeOffset at)
    {
        Salt = null;
        Data = null;
        DeletedAt ??= at;
    }
}

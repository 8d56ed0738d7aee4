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
/// One record of the append-only audit log. Each record commits to the one before through
/// <see cref="PreviousHash"/>; <see cref="Hash"/> is SHA-256 over the record's canonical encoding
/// (format <see cref="Format"/>, see docs/audit.md). Personal data lives apart in
/// <see cref="AuditPersonalData"/>; the chain commits only to its salted digest, so retention can
/// delete it without breaking verification. Records are written once and never changed.
/// </summary>
public sealed class AuditRecord
{
    public AuditRecord(long sequence, int format, DateTimeOffset recordedAt, AuditCategory category, string action, byte[] previousHash, byte[] hash)
    {
        Sequence = sequence;
        Format = format;
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

    /// <summary>Version of the canonical encoding the hash was computed over.</summary>
    public int Format { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }

    public AuditCategory Category { get; private set; }

    /// <summary>Stable action code, e.g. <c>grant.revoked</c> or <c>entry.denied</c>.</summary>
    public string Action { get; private set; }

    /// <summary>Pseudonymous id of the staff member or service that acted, if any.</summary>
    public Guid? ActorId { get; init; }

    public Guid? SiteId { get; init; }

    public Guid? DoorId { get; init; }

    /// <summary>The object acted on, as "type:id" (e.g. <c>grant:…</c>).</summary>
    public string? Subject { get; init; }

    public string? Outcome { get; init; }

    /// <summary>Non-personal details as JSON, exactly as hashed.</summary>
    public string? Data { get; init; }

    /// <summary>Salted SHA-256 digest of the separately stored personal part, if there is one.</summary>
    public byte[]? PersonalDigest { get; init; }

    public byte[] PreviousHash { get; private set; }

    public byte[] Hash { get; private set; }
}

/// <summary>
/// The personal part of one audit record (same <see cref="Sequence"/>), deleted by retention
/// after <see cref="DeleteAfter"/>: salt, holder and data go; the row stays as evidence.
/// </summary>
public sealed class AuditPersonalData(long sequence, string? holder, byte[] salt, string data, DateTimeOffset deleteAfter)
{
    public long Sequence { get; private set; } = sequence;

    /// <summary>Pseudonym of the person concerned ("citizen:{id}" or "guest:{id}"), for searches.</summary>
    public string? Holder { get; private set; } = holder;

    /// <summary>Random salt; the chain commits to a digest of salt, holder and data, never to the data itself.</summary>
    public byte[]? Salt { get; private set; } = salt;

    public string? Data { get; private set; } = data;

    public DateTimeOffset DeleteAfter { get; private set; } = deleteAfter;

    public DateTimeOffset? DeletedAt { get; private set; }
}

/// <summary>
/// A signed statement of the chain head: "the log had <see cref="RecordCount"/> records and
/// record <see cref="Sequence"/> had hash <see cref="HeadHash"/> at <see cref="CreatedAt"/>".
/// <see cref="Token"/> is the ES256 JWS an auditor verifies with the public key alone.
/// </summary>
public sealed class AuditCheckpoint(long sequence, long recordCount, byte[] headHash, DateTimeOffset createdAt, string keyId, string token)
{
    public long Sequence { get; private set; } = sequence;

    public long RecordCount { get; private set; } = recordCount;

    public byte[] HeadHash { get; private set; } = headHash;

    public DateTimeOffset CreatedAt { get; private set; } = createdAt;

    public string KeyId { get; private set; } = keyId;

    public string Token { get; private set; } = token;
}

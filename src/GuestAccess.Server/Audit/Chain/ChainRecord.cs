namespace GuestAccess.Server.Audit.Chain;

/// <summary>
/// The chained fields of one audit record, as stored, exported and verified. Category is the
/// enum name as text and GUIDs are values (encoded as lowercase text when hashed), so a record
/// read from the database and one read from an export file hash the same.
/// </summary>
public sealed record ChainRecord(
    long Sequence,
    int Format,
    long RecordedAtMicros,
    string Category,
    string Action,
    Guid? ActorId,
    Guid? SiteId,
    Guid? DoorId,
    string? Subject,
    string? Outcome,
    string? Data,
    byte[]? PersonalDigest,
    byte[] PreviousHash,
    byte[] Hash);

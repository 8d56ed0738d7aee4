using GuestAccess.LockProtocol.Credentials;

namespace GuestAccess.Server.Locks.Fleet;

/// <summary>
/// What one staging call changed at one lock, exactly as the dispatcher's planner would read it
/// back from the database: the delta from <see cref="FromVersion"/> (the lock's desired version
/// before the change) to <see cref="ToVersion"/>. Handed to the dispatcher with the commit signal,
/// so a lock that holds <see cref="FromVersion"/> gets its command without the dispatcher reading
/// anything (docs/lock-protocol.md 15.3, "Direct deltas"); in every other case it plans from the database.
/// </summary>
internal sealed record DirectDelta(
    Guid LockId,
    long FromVersion,
    long ToVersion,
    IReadOnlyList<PinCredential> Upserts,
    IReadOnlyList<string> Removals,
    IReadOnlyList<RevocationEntry> Revocations,
    string? TraceParent);

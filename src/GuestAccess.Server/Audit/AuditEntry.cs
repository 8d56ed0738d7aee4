using GuestAccess.Domain.Audit;

namespace GuestAccess.Server.Audit;

/// <summary>
/// What a feature asks the audit log to record: an administrative action (or an auditor's own
/// read) with who did it, where, to what, and how it ended. Everything except
/// <see cref="Personal"/> is kept for as long as the log exists, so it must not identify a
/// citizen or guest: put ids of objects in <see cref="Subject"/>, staff ids in
/// <see cref="ActorId"/>, and anything about a person (their id, a name, an e-mail address, the
/// login name of a failed sign-in) in <see cref="Personal"/>, which retention deletes.
/// </summary>
/// <param name="Category">Decides the retention period of the personal part.</param>
/// <param name="Action">Stable code, lowercase with dots: <c>grant.revoked</c>, <c>booking.created</c>.</param>
public sealed record AuditEntry(AuditCategory Category, string Action)
{
    /// <summary>The staff member, auditor or service that acted. A citizen acting for themself goes in <see cref="Personal"/>.</summary>
    public Guid? ActorId { get; init; }

    public Guid? SiteId { get; init; }

    public Guid? DoorId { get; init; }

    /// <summary>The object acted on, "type:id", e.g. <c>grant:3f2c…</c> (at most 100 characters).</summary>
    public string? Subject { get; init; }

    /// <summary>How it ended: <c>succeeded</c>, <c>denied</c>, <c>failed</c>, … (at most 64 characters).</summary>
    public string? Outcome { get; init; }

    /// <summary>Non-personal details, written as a JSON object of strings in this order.</summary>
    public IReadOnlyList<KeyValuePair<string, string?>>? Details { get; init; }

    /// <summary>The part retention deletes after the category's period.</summary>
    public AuditPersonal? Personal { get; init; }
}

/// <summary>
/// The personal part of a record: the person it concerns (a pseudonym, see <see cref="AuditHolder"/>)
/// and any personal fields. Stored apart from the chain, which commits only to a salted digest.
/// </summary>
public sealed record AuditPersonal(string? Holder, IReadOnlyList<KeyValuePair<string, string?>>? Fields = null);

/// <summary>Pseudonyms of the people a record concerns, as searched by auditors and citizens.</summary>
public static class AuditHolder
{
    public static string Citizen(Guid userId) => $"citizen:{userId:D}";

    public static string Guest(Guid guestId) => $"guest:{guestId:D}";

    /// <summary>A staff account, when the record concerns the person rather than their action (e.g. a failed login).</summary>
    public static string User(Guid userId) => $"user:{userId:D}";

    public static bool IsValid(string holder)
    {
        var colon = holder.IndexOf(':', StringComparison.Ordinal);
        return colon > 0
            && holder[..colon] is "citizen" or "guest" or "user"
            && Guid.TryParseExact(holder[(colon + 1)..], "D", out var id)
            && holder[(colon + 1)..] == id.ToString("D");
    }
}

/// <summary>Where a record landed in the chain, once it is durably stored.</summary>
public sealed record AuditReceipt(long Sequence, DateTimeOffset RecordedAt, byte[] Hash);

/// <summary>The audit log's write side for features (bookings, grants, locks, identity, auditors).</summary>
public interface IAuditTrail
{
    /// <summary>
    /// Appends one record and completes when it is durably stored (committed with
    /// synchronous=FULL). Concurrent calls are batched into one transaction. Cancelling stops the
    /// wait, not the write: a record already queued may still be stored.
    /// </summary>
    /// <exception cref="ArgumentException">The entry breaks <see cref="AuditLimits"/> or the naming rules.</exception>
    Task<AuditReceipt> RecordAsync(AuditEntry entry, CancellationToken cancellationToken = default);
}

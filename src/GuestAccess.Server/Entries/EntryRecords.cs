using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using GuestAccess.Domain.Audit;
using GuestAccess.Domain.Entries;
using GuestAccess.Server.Audit.Writing;
using GuestAccess.Server.Persistence;

namespace GuestAccess.Server.Entries;

/// <summary>An accepted event with everything the writer stores for it.</summary>
internal sealed record PendingEvent(LockEventData Event, PreparedRecord Record, string? Details);

/// <summary>
/// Validates lock events and turns them into audit records: action <c>entry.granted</c>,
/// <c>entry.denied</c> or <c>lock.{kind}</c>; subject <c>lock-event:{lock}:{sequence}</c>;
/// non-personal data (lock, sequence, kind, lock time, method, reason, kind-specific details);
/// and a personal part (holder, grant, credential) that retention deletes after the entry period.
/// </summary>
internal static class EntryRecords
{
    private const int MaxTextLength = 64;
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    /// <summary>Null when the event is acceptable, else the reason it is rejected.</summary>
    public static RejectedLockEvent? Validate(LockEventData e)
    {
        string? problem = null;
        if (e.Sequence < 1)
        {
            return new RejectedLockEvent(e.Sequence, "invalid_sequence", "Lock sequence numbers start at 1.");
        }

        if (!Enum.IsDefined(e.Kind))
        {
            problem = $"Unknown kind {(int)e.Kind}.";
        }
        else if (e.Kind == LockEventKind.EntryAttempt)
        {
            if (e.Outcome is not { } outcome || !Enum.IsDefined(outcome) || e.Method is not { } method || !Enum.IsDefined(method))
            {
                problem = "An entry attempt needs a known outcome and method.";
            }
            else if ((outcome == EntryOutcome.Denied) != e.DenialReason.HasValue || (e.DenialReason is { } reason && !Enum.IsDefined(reason)))
            {
                problem = "A denied entry attempt needs a known denial reason, and only a denied one has one.";
            }
        }
        else if (e.Outcome.HasValue || e.Method.HasValue || e.DenialReason.HasValue)
        {
            problem = "Only entry attempts have an outcome, method or denial reason.";
        }

        problem ??= e.BatteryPercent is < 0 or > 100 ? "A battery level is 0-100."
            : e.DroppedCount is < 1 ? "A dropped count is at least 1."
            : !IsText(e.Door) || !IsText(e.CommandId) || !IsText(e.RejectReason) ? $"Door, command id and reject reason are 1-{MaxTextLength} characters without control characters."
            : null;
        return problem is null ? null : new RejectedLockEvent(e.Sequence, "invalid_event", problem);
    }

    public static PendingEvent Prepare(LockInfo lockInfo, LockEventData e, string? holder)
    {
        var reportedDoor = e.Door is { } door && !lockInfo.IsDoor(door) ? door : null;
        var outcome = e.Outcome is { } o ? WireName.Of(o) : null;
        var record = new PreparedRecord
        {
            Category = AuditCategory.Entry,
            Action = outcome is null ? "lock." + WireName.Of(e.Kind) : "entry." + outcome,
            SiteId = lockInfo.SiteId,
            DoorId = lockInfo.DoorId,
            Subject = $"lock-event:{lockInfo.Id:D}:{e.Sequence.ToString(CultureInfo.InvariantCulture)}",
            Outcome = outcome,
            Data = Json(w =>
            {
                w.WriteString("lock", lockInfo.Id.ToString("D"));
                w.WriteNumber("seq", e.Sequence);
                w.WriteString("kind", WireName.Of(e.Kind));
                w.WriteString("occurredAt", Timestamp(e.OccurredAt));
                if (e.Method is { } method)
                {
                    w.WriteString("method", WireName.Of(method));
                }

                if (e.DenialReason is { } reason)
                {
                    w.WriteString("reason", WireName.Of(reason));
                }

                WriteDetails(w, e, reportedDoor);
            }),
            Personal = holder is null && e.GrantId is null && e.CredentialId is null ? null : PreparedPersonal.Create(holder, Json(w =>
            {
                if (e.GrantId is { } grant)
                {
                    w.WriteString("grant", grant.ToString("D"));
                }

                if (e.CredentialId is { } credential)
                {
                    w.WriteString("credential", credential.ToString("D"));
                }
            })),
        };
        var hasDetails = e.CommandId is not null || e.RejectReason is not null || e.SkewSeconds is not null || e.BatteryPercent is not null || e.DroppedCount is not null || reportedDoor is not null;
        return new PendingEvent(e, record, hasDetails ? Json(w => WriteDetails(w, e, reportedDoor)) : null);
    }

    /// <summary>Microsecond UTC time as in the database, e.g. <c>2026-11-21T17:09:14.123456Z</c>.</summary>
    public static string Timestamp(DateTimeOffset instant) =>
        DbValue.Instant(UtcMicrosecondsConverter.ToMicroseconds(instant)).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private static void WriteDetails(Utf8JsonWriter w, LockEventData e, string? reportedDoor)
    {
        if (e.CommandId is { } command)
        {
            w.WriteString("commandId", command);
        }

        if (e.RejectReason is { } reject)
        {
            w.WriteString("rejectReason", reject);
        }

        if (e.SkewSeconds is { } skew)
        {
            w.WriteNumber("skewSeconds", skew);
        }

        if (e.BatteryPercent is { } battery)
        {
            w.WriteNumber("batteryPercent", battery);
        }

        if (e.DroppedCount is { } dropped)
        {
            w.WriteNumber("droppedCount", dropped);
        }

        if (reportedDoor is not null)
        {
            w.WriteString("reportedDoor", reportedDoor);
        }
    }

    private static string Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, JsonOptions))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static bool IsText(string? value) => value is null || (value.Length is > 0 and <= MaxTextLength && !value.Any(char.IsControl));
}

/// <summary>The lock protocol's snake_case names of the entry enums, as written in audit data.</summary>
internal static class WireName
{
    private static readonly string[] Kinds = Names<LockEventKind>();
    private static readonly string[] Outcomes = Names<EntryOutcome>();
    private static readonly string[] Reasons = Names<DenialReason>();
    private static readonly string[] Methods = Names<EntryMethod>();

    public static string Of(LockEventKind value) => Kinds[(int)value];

    public static string Of(EntryOutcome value) => Outcomes[(int)value];

    public static string Of(DenialReason value) => Reasons[(int)value];

    public static string Of(EntryMethod value) => Methods[(int)value];

    private static string[] Names<T>()
        where T : struct, Enum => Enum.GetValues<T>().Select(v => ModelConventions.ToSnakeCase(v.ToString())).ToArray();
}

using System.Text.Json;
using GuestAccess.Domain.Audit;
using GuestAccess.Domain.Entries;
using GuestAccess.Server.Infrastructure.Validation;

namespace GuestAccess.Server.Audit.Queries;

/// <summary>Search of administrative records (every category but entries, which <see cref="EntryFilter"/> searches).</summary>
public sealed record RecordFilter(
    Guid? Site, Guid? Door, string? Person, DateTimeOffset? From, DateTimeOffset? To,
    string? Category, string? Action, string? Outcome, Guid? Actor, string? Cursor, int? Limit) : IValidatable
{
    internal AuditCategory? CategoryValue => QueryEnum.Parse<AuditCategory>(Category);

    public IDictionary<string, string[]> Validate() => AuditPaging.Check(new ValidationErrors(), Person, From, To, Cursor, Limit, AuditCursor.IsRecordCursor)
        .When(!QueryEnum.IsValid<AuditCategory>(Category), "category", QueryEnum.Expected<AuditCategory>())
        .When(CategoryValue == AuditCategory.Entry, "category", "Entries are searched with /api/v1/audit/entries.")
        .ToDictionary();
}

/// <summary>Search of entry events (lock time), newest first.</summary>
public sealed record EntryFilter(
    Guid? Site, Guid? Door, string? Person, DateTimeOffset? From, DateTimeOffset? To,
    string? Outcome, string? Method, string? Kind, string? Reason, string? Cursor, int? Limit) : IValidatable
{
    internal EntryOutcome? OutcomeValue => QueryEnum.Parse<EntryOutcome>(Outcome);

    internal EntryMethod? MethodValue => QueryEnum.Parse<EntryMethod>(Method);

    internal LockEventKind? KindValue => QueryEnum.Parse<LockEventKind>(Kind);

    internal DenialReason? ReasonValue => QueryEnum.Parse<DenialReason>(Reason);

    public IDictionary<string, string[]> Validate() => AuditPaging.Check(new ValidationErrors(), Person, From, To, Cursor, Limit, AuditCursor.IsEntryCursor)
        .When(!QueryEnum.IsValid<EntryOutcome>(Outcome), "outcome", QueryEnum.Expected<EntryOutcome>())
        .When(!QueryEnum.IsValid<EntryMethod>(Method), "method", QueryEnum.Expected<EntryMethod>())
        .When(!QueryEnum.IsValid<LockEventKind>(Kind), "kind", QueryEnum.Expected<LockEventKind>())
        .When(!QueryEnum.IsValid<DenialReason>(Reason), "reason", QueryEnum.Expected<DenialReason>())
        .ToDictionary();
}

/// <summary>Enum values in query strings as the JSON API writes them (camelCase), also accepting snake_case and any case.</summary>
internal static class QueryEnum
{
    public static T? Parse<T>(string? text)
        where T : struct, Enum =>
        text is not null && Enum.TryParse<T>(text.Replace("_", string.Empty, StringComparison.Ordinal), ignoreCase: true, out var value) && Enum.IsDefined(value) && !char.IsAsciiDigit(text[0])
            ? value
            : null;

    public static bool IsValid<T>(string? text)
        where T : struct, Enum => text is null || Parse<T>(text) is not null;

    public static string Expected<T>()
        where T : struct, Enum => "One of: " + string.Join(", ", Enum.GetNames<T>().Select(JsonNamingPolicy.CamelCase.ConvertName)) + ".";
}

/// <summary>"Who could have entered": the interval asked about.</summary>
public sealed record IntervalQuery(DateTimeOffset? From, DateTimeOffset? To) : IValidatable
{
    public static readonly TimeSpan MaxLength = TimeSpan.FromDays(366);

    public IDictionary<string, string[]> Validate() => new ValidationErrors()
        .When(From is null, "from", "from is required.")
        .When(To is null, "to", "to is required.")
        .When(From >= To, "to", "to must be after from.")
        .When(To - From > MaxLength, "to", "The interval can be at most 366 days.")
        .ToDictionary();
}

/// <summary>A page of results and the cursor of the next (older) page, if any.</summary>
public sealed record AuditPage<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>An administrative record as auditors see it; <see cref="Personal"/> is null once retention deleted it.</summary>
public sealed record AuditRecordView(
    long Sequence, DateTimeOffset RecordedAt, AuditCategory Category, string Action, Guid? ActorId, Guid? SiteId, Guid? DoorId,
    string? Subject, string? Outcome, JsonElement? Data, PersonalView? Personal, bool PersonalDeleted, string Hash);

/// <summary>The personal part while it is kept: the person's pseudonym and the personal fields.</summary>
public sealed record PersonalView(string? Holder, JsonElement? Fields);

/// <summary>An entry event; grant, credential and holder are null once retention deleted them.</summary>
public sealed record EntryView(
    long AuditSequence, Guid LockId, long LockSequence, Guid SiteId, Guid DoorId, LockEventKind Kind, DateTimeOffset OccurredAt, DateTimeOffset ReceivedAt,
    EntryOutcome? Outcome, DenialReason? Reason, EntryMethod? Method, Guid? CredentialId, Guid? GrantId, string? Holder, JsonElement? Details);

/// <summary>A grant that let its holder through a door of the room during part of the interval.</summary>
public sealed record PossibleEntrantView(
    Guid GrantId, string Holder, Domain.Grants.GrantOrigin Origin, Guid? BookingId, Guid IssuedBy, string? Reason,
    DateTimeOffset ValidFrom, DateTimeOffset ValidUntil, string[]? Schedule, Domain.Grants.GrantStatus StatusNow, DateTimeOffset? RevokedAt,
    Guid[] Doors, IReadOnlyList<WindowView> Windows);

public sealed record WindowView(DateTimeOffset From, DateTimeOffset To);

/// <summary>The answer to "who could have entered room Y between T1 and T2".</summary>
public sealed record WhoCouldEnterView(Guid RoomId, string Room, Guid SiteId, DateTimeOffset From, DateTimeOffset To, Guid[] Doors, IReadOnlyList<PossibleEntrantView> Grants, string Basis);

/// <summary>Why an entry was denied (or that it was not), with the grant as it stood at that moment.</summary>
public sealed record EntryExplanationView(EntryView Entry, string? ReasonCode, string Explanation, string ExplanationEn, GrantAtTheTimeView? Grant, IReadOnlyList<string> Notes);

public sealed record GrantAtTheTimeView(
    Guid GrantId, DateTimeOffset ValidFrom, DateTimeOffset ValidUntil, string[]? Schedule, string StatusThen, DateTimeOffset? RevokedAt, string? RevokeReason, bool CoversThisDoor);

internal static class AuditPaging
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static ValidationErrors Check(ValidationErrors errors, string? person, DateTimeOffset? from, DateTimeOffset? to, string? cursor, int? limit, Func<string, bool> isCursor) => errors
        .When(person is not null && !AuditHolder.IsValid(person), "person", "person is a pseudonym like citizen:{id} or guest:{id}.")
        .When(from is not null && to is not null && from >= to, "to", "to must be after from.")
        .When(limit is < 1 or > MaxLimit, "limit", $"limit must be 1-{MaxLimit}.")
        .When(cursor is not null && !isCursor(cursor), "cursor", "cursor is not one this API handed out.");
}

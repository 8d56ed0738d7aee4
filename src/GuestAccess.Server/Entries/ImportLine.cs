using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using GuestAccess.Domain.Entries;
using GuestAccess.Server.Audit;

namespace GuestAccess.Server.Entries;

/// <summary>Reads one <c>entries import</c> line: a lock and its events, with the wire's field names.</summary>
internal static class ImportLine
{
    private static readonly FrozenDictionary<string, LockEventKind> Kinds = Names<LockEventKind>();
    private static readonly FrozenDictionary<string, EntryOutcome> Outcomes = Names<EntryOutcome>();
    private static readonly FrozenDictionary<string, EntryMethod> Methods = Names<EntryMethod>();
    private static readonly FrozenDictionary<string, DenialReason> Reasons = Names<DenialReason>();

    /// <exception cref="FormatException">The line is not a lock with events.</exception>
    public static (string Lock, IReadOnlyList<LockEventData> Events) Parse(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var lockKey = root.GetProperty("lock").GetString() ?? throw new FormatException("\"lock\" must be a string.");
            var events = root.GetProperty("events").EnumerateArray().Select(Event).ToArray();
            return (lockKey, events);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException($"Not a lock with events: {e.Message}", e);
        }
    }

    private static LockEventData Event(JsonElement e) =>
        new(e.GetProperty("seq").GetInt64(), Time(e.GetProperty("at")), Name(Kinds, e, "kind")!.Value)
        {
            Door = Text(e, "door"),
            Outcome = Name(Outcomes, e, "outcome"),
            Method = Name(Methods, e, "method"),
            DenialReason = Name(Reasons, e, "reason"),
            CredentialId = Id(e, "credentialId"),
            GrantId = Id(e, "grantId"),
            CommandId = Text(e, "commandId"),
            RejectReason = Text(e, "rejectReason"),
            SkewSeconds = e.TryGetProperty("skewSeconds", out var skew) ? skew.GetInt64() : null,
            BatteryPercent = e.TryGetProperty("batteryPercent", out var battery) ? battery.GetInt32() : null,
            DroppedCount = e.TryGetProperty("droppedCount", out var dropped) ? dropped.GetInt64() : null,
        };

    // The wire sends Unix seconds; ISO 8601 text is accepted too.
    private static DateTimeOffset Time(JsonElement at) => at.ValueKind == JsonValueKind.Number
        ? DateTimeOffset.FromUnixTimeSeconds(at.GetInt64())
        : DateTimeOffset.Parse(at.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static T? Name<T>(FrozenDictionary<string, T> names, JsonElement e, string property)
        where T : struct, Enum
    {
        if (!e.TryGetProperty(property, out var value))
        {
            return null;
        }

        return names.TryGetValue(value.GetString() ?? string.Empty, out var parsed)
            ? parsed
            : throw new FormatException($"\"{property}\" must be one of {string.Join(", ", names.Keys)}.");
    }

    private static string? Text(JsonElement e, string property) => e.TryGetProperty(property, out var value) ? value.GetString() : null;

    private static Guid? Id(JsonElement e, string property) =>
        Text(e, property) is { } text ? Guid.TryParse(text, out var id) ? id : throw new FormatException($"\"{property}\" must be a GUID.") : null;

    private static FrozenDictionary<string, T> Names<T>()
        where T : struct, Enum => Enum.GetValues<T>().ToFrozenDictionary(v => Persistence.ModelConventions.ToSnakeCase(v.ToString()));
}

/// <summary>Finds a lock by id or by device id (cached).</summary>
internal sealed class LockIds(AuditDatabase database)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Guid?> _found = new(StringComparer.Ordinal);

    public Guid? Resolve(string key) => Guid.TryParse(key, out var id) ? id : _found.GetOrAdd(key, Lookup);

    private Guid? Lookup(string deviceId)
    {
        using var connection = database.OpenRead();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM lock_controllers WHERE device_id = @device";
        GuestAccess.Server.Audit.Writing.DbValue.AddParameter(command, "@device", deviceId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? GuestAccess.Server.Audit.Writing.DbValue.ReadId(reader, 0) : null;
    }
}

using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using GuestAccess.Domain.Audit;
using GuestAccess.Server.Audit.Chain;

namespace GuestAccess.Server.Audit.Writing;

/// <summary>
/// A record ready to be chained: validated, its JSON written and its personal part salted and
/// digested — all the work that does not depend on its place in the chain, done by the caller
/// so the single writer only numbers, hashes and stores.
/// </summary>
internal sealed class PreparedRecord
{
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    public required AuditCategory Category { get; init; }

    public required string Action { get; init; }

    public Guid? ActorId { get; init; }

    public Guid? SiteId { get; init; }

    public Guid? DoorId { get; init; }

    public string? Subject { get; init; }

    public string? Outcome { get; init; }

    public string? Data { get; init; }

    public PreparedPersonal? Personal { get; init; }

    public static PreparedRecord From(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (!Enum.IsDefined(entry.Category))
        {
            throw new ArgumentException($"Unknown audit category {entry.Category}.", nameof(entry));
        }

        RequireCode(entry.Action);
        RequireText(entry.Subject, AuditLimits.SubjectLength, "Subject");
        RequireText(entry.Outcome, AuditLimits.OutcomeLength, "Outcome");
        return new PreparedRecord
        {
            Category = entry.Category,
            Action = entry.Action,
            ActorId = entry.ActorId,
            SiteId = entry.SiteId,
            DoorId = entry.DoorId,
            Subject = entry.Subject,
            Outcome = entry.Outcome,
            Data = entry.Details is { Count: > 0 } details ? Json(details, "Details") : null,
            Personal = entry.Personal is { } personal ? PreparedPersonal.Create(personal.Holder, Json(personal.Fields ?? [], "Personal")) : null,
        };
    }

    /// <summary>Writes a flat JSON object of strings, rejecting what the log cannot hold.</summary>
    public static string Json(IReadOnlyList<KeyValuePair<string, string?>> members, string what)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, JsonOptions))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in members)
            {
                if (string.IsNullOrEmpty(key) || key.Length > AuditLimits.DetailKeyLength)
                {
                    throw new ArgumentException($"{what} keys are 1-{AuditLimits.DetailKeyLength} characters.", nameof(members));
                }

                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
        }

        var json = System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        return json.Length <= AuditLimits.DataLength
            ? json
            : throw new ArgumentException($"{what} is longer than {AuditLimits.DataLength} characters as JSON.", nameof(members));
    }

    private static void RequireCode(string action)
    {
        var valid = !string.IsNullOrEmpty(action) && action.Length <= AuditLimits.ActionLength && action.Contains('.', StringComparison.Ordinal)
            && action.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '.')
            && action[0] is >= 'a' and <= 'z' && !action.EndsWith('.') && !action.Contains("..", StringComparison.Ordinal);
        if (!valid)
        {
            throw new ArgumentException($"An audit action is a lowercase dotted code of at most {AuditLimits.ActionLength} characters, like 'grant.revoked'.", nameof(action));
        }
    }

    private static void RequireText(string? value, int max, string name)
    {
        if (value is not null && (value.Length == 0 || value.Length > max || value.Any(char.IsControl)))
        {
            throw new ArgumentException($"{name} is 1-{max} characters without control characters.", name);
        }
    }
}

/// <summary>A personal part with its salt and the digest the chain commits to.</summary>
internal sealed record PreparedPersonal(string? Holder, byte[] Salt, string Data, byte[] Digest)
{
    public static PreparedPersonal Create(string? holder, string data)
    {
        if (holder is not null && (holder.Length > AuditLimits.HolderLength || !AuditHolder.IsValid(holder)))
        {
            throw new ArgumentException("A holder is a pseudonym like 'citizen:{guid}', 'guest:{guid}' or 'user:{guid}'.", nameof(holder));
        }

        var salt = PersonalDigest.NewSalt();
        return new PreparedPersonal(holder, salt, data, PersonalDigest.Compute(salt, holder, data));
    }
}

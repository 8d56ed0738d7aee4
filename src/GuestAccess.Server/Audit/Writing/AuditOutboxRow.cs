using GuestAccess.Domain.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GuestAccess.Server.Audit.Writing;

/// <summary>
/// An audit record staged in the transaction of the change it records (table <c>audit_outbox</c>),
/// validated and serialized like any record; the audit writer moves it into the chain
/// (<see cref="AuditOutboxDrain"/>). Its personal part is salted and digested only then.
/// </summary>
internal sealed class AuditOutboxRow
{
    private AuditOutboxRow()
    {
    }

    public long Id { get; private set; }

    public AuditCategory Category { get; private set; }

    public string Action { get; private set; } = "";

    public Guid? ActorId { get; private set; }

    public Guid? SiteId { get; private set; }

    public Guid? DoorId { get; private set; }

    public string? Subject { get; private set; }

    public string? Outcome { get; private set; }

    public string? Data { get; private set; }

    public string? Holder { get; private set; }

    /// <summary>The personal fields as JSON; null when the record has no personal part.</summary>
    public string? Personal { get; private set; }

    /// <summary>Checks the entry as <see cref="IAuditTrail.RecordAsync"/> would (throwing before the change commits).</summary>
    public static AuditOutboxRow From(AuditEntry entry)
    {
        var prepared = PreparedRecord.From(entry);
        return new AuditOutboxRow
        {
            Category = prepared.Category,
            Action = prepared.Action,
            ActorId = prepared.ActorId,
            SiteId = prepared.SiteId,
            DoorId = prepared.DoorId,
            Subject = prepared.Subject,
            Outcome = prepared.Outcome,
            Data = prepared.Data,
            Holder = prepared.Personal?.Holder,
            Personal = prepared.Personal?.Data,
        };
    }

    /// <summary>The record as the writer chains it; a personal part gets its salt and digest now.</summary>
    public PreparedRecord ToPrepared() => new()
    {
        Category = Category,
        Action = Action,
        ActorId = ActorId,
        SiteId = SiteId,
        DoorId = DoorId,
        Subject = Subject,
        Outcome = Outcome,
        Data = Data,
        Personal = Personal is { } personal ? PreparedPersonal.Create(Holder, personal) : null,
    };

    /// <summary>A row as the writer reads it back.</summary>
    public static AuditOutboxRow Read(System.Data.Common.DbDataReader reader) => new()
    {
        Id = reader.GetInt64(0),
        Category = Enum.Parse<AuditCategory>(reader.GetString(1)),
        Action = reader.GetString(2),
        ActorId = DbValue.ReadId(reader, 3),
        SiteId = DbValue.ReadId(reader, 4),
        DoorId = DbValue.ReadId(reader, 5),
        Subject = DbValue.ReadText(reader, 6),
        Outcome = DbValue.ReadText(reader, 7),
        Data = DbValue.ReadText(reader, 8),
        Holder = DbValue.ReadText(reader, 9),
        Personal = DbValue.ReadText(reader, 10),
    };
}

internal sealed class AuditOutboxRowConfiguration : IEntityTypeConfiguration<AuditOutboxRow>
{
    public void Configure(EntityTypeBuilder<AuditOutboxRow> builder)
    {
        builder.ToTable("audit_outbox");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedOnAdd();
        builder.Property(r => r.Action).HasMaxLength(AuditLimits.ActionLength);
        builder.Property(r => r.Subject).HasMaxLength(AuditLimits.SubjectLength);
        builder.Property(r => r.Outcome).HasMaxLength(AuditLimits.OutcomeLength);
        builder.Property(r => r.Data).HasMaxLength(AuditLimits.DataLength);
        builder.Property(r => r.Holder).HasMaxLength(AuditLimits.HolderLength);
        builder.Property(r => r.Personal).HasMaxLength(AuditLimits.DataLength);
    }
}

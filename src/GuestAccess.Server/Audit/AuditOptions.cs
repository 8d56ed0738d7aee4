using GuestAccess.Domain.Audit;
using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Audit;

/// <summary>The audit log (section <c>Audit</c>).</summary>
public sealed class AuditOptions
{
    public const string Section = "Audit";

    /// <summary>Requests waiting for the writer before callers are made to wait (back-pressure).</summary>
    public int QueueCapacity { get; set; } = 20_000;

    /// <summary>Upper bound of rows (records or lock events) written in one transaction.</summary>
    public int MaxBatchRows { get; set; } = 4_000;

    /// <summary>How often staged records (audit_outbox) are looked for besides right after their commit and at start-up: a safety net.</summary>
    public TimeSpan OutboxScanInterval { get; set; } = TimeSpan.FromSeconds(30);

    public CheckpointOptions Checkpoints { get; set; } = new();

    public RetentionOptions Retention { get; set; } = new();
}

/// <summary>When signed checkpoints of the chain head are made, and where else they go.</summary>
public sealed class CheckpointOptions
{
    /// <summary>A checkpoint at least every this many records.</summary>
    public int EveryRecords { get; set; } = 10_000;

    /// <summary>…and at least this often while records are being added.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A directory that receives every checkpoint as a JSON file (relative: under the data directory). Empty turns it off.</summary>
    public string? SinkDirectory { get; set; } = "audit-checkpoints";
}

/// <summary>How long the personal part of a record is kept, by category.</summary>
public sealed class RetentionOptions
{
    /// <summary>Entry events (who opened which door): 30 days, as with version 1's guest codes.</summary>
    public TimeSpan EntryPersonalData { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Grants created, changed, revoked; remote unlocks; lockdowns (category Access).</summary>
    public TimeSpan GrantPersonalData { get; set; } = TimeSpan.FromDays(182);

    /// <summary>Every other category (bookings, administration, security, auditors' reads).</summary>
    public TimeSpan OtherPersonalData { get; set; } = TimeSpan.FromDays(182);

    /// <summary>How often the retention job looks for expired personal data.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Personal parts deleted per transaction.</summary>
    public int BatchSize { get; set; } = 1_000;

    public TimeSpan PeriodFor(AuditCategory category) => category switch
    {
        AuditCategory.Entry => EntryPersonalData,
        AuditCategory.Access => GrantPersonalData,
        AuditCategory.Booking or AuditCategory.Administration or AuditCategory.Security or AuditCategory.AuditAccess => OtherPersonalData,
    };
}

internal sealed class AuditOptionsValidator : IValidateOptions<AuditOptions>
{
    public ValidateOptionsResult Validate(string? name, AuditOptions options)
    {
        var errors = new List<string>();
        void Check(bool ok, string message)
        {
            if (!ok)
            {
                errors.Add(message);
            }
        }

        Check(options.QueueCapacity is >= 1 and <= 1_000_000, "Audit:QueueCapacity must be 1-1000000.");
        Check(options.MaxBatchRows is >= 1 and <= 100_000, "Audit:MaxBatchRows must be 1-100000.");
        Check(options.OutboxScanInterval >= TimeSpan.FromSeconds(1), "Audit:OutboxScanInterval must be at least 1 second.");
        Check(options.Checkpoints.EveryRecords >= 1, "Audit:Checkpoints:EveryRecords must be at least 1.");
        Check(options.Checkpoints.Interval >= TimeSpan.FromSeconds(1), "Audit:Checkpoints:Interval must be at least 1 second.");
        var retention = options.Retention;
        Check(retention.EntryPersonalData > TimeSpan.Zero, "Audit:Retention:EntryPersonalData must be positive.");
        Check(retention.GrantPersonalData > TimeSpan.Zero, "Audit:Retention:GrantPersonalData must be positive.");
        Check(retention.OtherPersonalData > TimeSpan.Zero, "Audit:Retention:OtherPersonalData must be positive.");
        Check(retention.Interval >= TimeSpan.FromSeconds(1), "Audit:Retention:Interval must be at least 1 second.");
        Check(retention.BatchSize is >= 1 and <= 100_000, "Audit:Retention:BatchSize must be 1-100000.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

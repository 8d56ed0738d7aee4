using GuestAccess.Server.Audit.Checkpoints;
using GuestAccess.Server.Audit.Queries;
using GuestAccess.Server.Audit.Retention;
using GuestAccess.Server.Audit.Signing;
using GuestAccess.Server.Audit.Verification;
using GuestAccess.Server.Audit.Writing;
using GuestAccess.Server.Entries;
using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Audit;

public static class AuditExtensions
{
    /// <summary>
    /// The audit log and entry ingestion: the single writer (also the hosted service that drains
    /// it on shutdown), <see cref="IAuditTrail"/>, <see cref="IEntryIngestor"/>, signed checkpoints
    /// and the key that signs them. Call after <c>AddPersistence</c>, so migrations run first.
    /// </summary>
    public static IHostApplicationBuilder AddAudit(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuditOptions>, AuditOptionsValidator>();

        // Data Protection keeps the checkpoint signing key encrypted at rest; the key ring itself
        // (in the data directory) is configured once, by AddIdentityAndAccess.
        services.AddDataProtection();

        services.AddSingleton<AuditDatabase>();
        services.AddSingleton<AuditSigningKeyStore>();
        services.AddSingleton<CheckpointSink>();
        services.AddSingleton<CheckpointWriter>();
        services.AddSingleton<AuditWriter>();
        services.AddSingleton<IAuditTrail>(sp => sp.GetRequiredService<AuditWriter>());
        services.AddHostedService(sp => sp.GetRequiredService<AuditWriter>());
        services.AddSingleton<AuditOutbox>();
        services.AddSingleton<IAuditOutbox>(sp => sp.GetRequiredService<AuditOutbox>());
        services.AddHostedService<AuditOutboxScan>();
        services.AddHostedService<CheckpointTimer>();
        services.AddSingleton<AuditVerifier>();
        services.AddSingleton<AuditRetention>();
        services.AddSingleton<IAuditRetention>(sp => sp.GetRequiredService<AuditRetention>());
        services.AddHostedService(sp => sp.GetRequiredService<AuditRetention>());

        services.AddScoped<AuditQueries>();
        services.AddScoped<AuditInvestigations>();

        services.AddSingleton<LockDirectory>();
        services.AddSingleton<EntrySequences>();
        services.AddSingleton<IEntryIngestor, EntryIngestor>();
        return builder;
    }
}

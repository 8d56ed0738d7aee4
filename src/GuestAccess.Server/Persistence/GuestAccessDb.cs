using GuestAccess.Domain.Audit;
using GuestAccess.Domain.Bookings;
using GuestAccess.Domain.Doors;
using GuestAccess.Domain.Entries;
using GuestAccess.Domain.Grants;
using GuestAccess.Domain.Identity;
using GuestAccess.Domain.Locks;
using GuestAccess.Domain.Rooms;
using GuestAccess.Domain.Sites;
using GuestAccess.Server.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Persistence;

/// <summary>
/// The GuestAccess database. The schema is owned by the hand-written, versioned migrations in
/// Persistence/Migrations; a test proves this model and the migrated schema agree.
/// </summary>
public sealed class GuestAccessDb(DbContextOptions<GuestAccessDb> options) : IdentityUserContext<GuestAccessUser, Guid>(options)
{
    public DbSet<Site> Sites => Set<Site>();

    /// <summary>
    /// Deltas the lock fleet staged in this unit of work since its last SaveChanges; the outbox
    /// interceptor takes them when it saves and hands them to the dispatcher when it commits.
    /// </summary>
    internal List<Locks.Fleet.DirectDelta> StagedDeltas { get; } = [];

    /// <summary>
    /// Time zones of the sites this unit of work has read (<see cref="Locks.Fleet.FleetTargets.TimeZoneAsync"/>):
    /// a grant's staging and its mobile key need its site's zone and ask for it once.
    /// </summary>
    internal Dictionary<Guid, string> SiteZones { get; } = [];

    public DbSet<Door> Doors => Set<Door>();

    public DbSet<Room> Rooms => Set<Room>();

    public DbSet<RoomDoor> RoomDoors => Set<RoomDoor>();

    public DbSet<LockController> Locks => Set<LockController>();

    public DbSet<Booking> Bookings => Set<Booking>();

    public DbSet<AccessGrant> Grants => Set<AccessGrant>();

    public DbSet<GrantDoor> GrantDoors => Set<GrantDoor>();

    public DbSet<Guest> Guests => Set<Guest>();

    public DbSet<Credential> Credentials => Set<Credential>();

    public DbSet<EntryEvent> EntryEvents => Set<EntryEvent>();

    public DbSet<AuditRecord> AuditRecords => Set<AuditRecord>();

    public DbSet<AuditPersonalData> AuditPersonalData => Set<AuditPersonalData>();

    public DbSet<AuditCheckpoint> AuditCheckpoints => Set<AuditCheckpoint>();

    public DbSet<RoleAssignment> RoleAssignments => Set<RoleAssignment>();

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        BumpVersions();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        BumpVersions();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<TimeSpan>().HaveConversion<MillisecondsConverter>();
        if (Database.IsSqlite())
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcMicrosecondsConverter>();
        }
        else
        {
            // timestamptz holds UTC instants; Npgsql refuses an offset other than zero.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcInstantConverter>();
        }
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        IdentityTables.Configure(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(GuestAccessDb).Assembly);
        ModelConventions.Apply(builder);
    }

    // Every aggregate carries a Version concurrency token: bump it on each update so a
    // concurrent writer working from a stale copy gets a DbUpdateConcurrencyException.
    private void BumpVersions()
    {
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State == EntityState.Modified && entry.Metadata.FindProperty(ModelConventions.VersionProperty) is { IsConcurrencyToken: true })
            {
                var version = entry.Property(ModelConventions.VersionProperty);
                version.CurrentValue = (long)version.OriginalValue! + 1;
            }
        }
    }
}

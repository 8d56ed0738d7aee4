using GuestAccess.Domain.Doors;
using GuestAccess.Domain.Grants;
using GuestAccess.Domain.Sites;
using GuestAccess.Domain.Time;
using GuestAccess.LockProtocol.Credentials;
using GuestAccess.Server.Grants;
using GuestAccess.Server.IntegrationTests.Infrastructure;
using GuestAccess.Server.Persistence;
using GuestAccess.Server.Persistence.Migrations;
using Microsoft.Extensions.Logging.Abstractions;

namespace GuestAccess.Server.IntegrationTests.Grants;

/// <summary>
/// Which PINs a new one must differ from, on a migrated database of each provider: exactly the
/// active PINs of active grants on the same doors at an overlapping time, also those not saved yet.
/// </summary>
public abstract class PinAllocatorTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 17, 0, 0, TimeSpan.Zero);
    private static readonly TimeInterval Window = new(Start, Start.AddHours(4));
    private readonly ITestDatabase _database = ITestDatabase.Create(provider);
    private readonly Site _site = new(Guid.NewGuid(), "pin", "PIN-test", "Europe/Copenhagen");
    private readonly Guid _a = Guid.NewGuid();
    private readonly Guid _b = Guid.NewGuid();
    private readonly Guid _c = Guid.NewGuid();

    public async Task InitializeAsync()
    {
        await using (var connection = _database.Open())
        {
            await new SchemaMigrator(NullLogger<SchemaMigrator>.Instance).MigrateAsync(connection, provider);
        }

        await using var db = _database.Context();
        _site.SetOpeningHours(OpeningHours.Closed);
        db.Sites.Add(_site);
        foreach (var (door, slug) in new[] { (_a, "a"), (_b, "b"), (_c, "c") })
        {
            db.Doors.Add(new Door(door, _site.Id, $"pin-{slug}", slug.ToUpperInvariant(), DoorKind.Room));
        }

        await db.SaveChangesAsync();
    }

    public Task DisposeAsync()
    {
        _database.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Taken_IsTheActivePinsOfActiveOverlappingGrantsOnTheDoors_IncludingUnsavedOnes()
    {
        var expected = new List<Guid>();
        await using (var db = _database.Context())
        {
            expected.Add(Pin(db, Grant(db, Window, _a)));                          // on A: taken
            var withKey = Grant(db, Window, _a);
            db.Credentials.Add(new Credential(Guid.NewGuid(), withKey.Id, CredentialKind.MobileKey, [], [], Start)); // a mobile key is no PIN
            expected.Add(Pin(db, Grant(db, new(Start.AddHours(3), Start.AddDays(1)), _b, _c))); // on B (and C), overlapping the end: taken
            Pin(db, Grant(db, Window, _c));                                        // another door only
            Pin(db, Grant(db, new(Start.AddDays(-1), Start), _a));                 // ends when the window starts
            Pin(db, Grant(db, new(Window.End, Window.End.AddHours(1)), _a));       // starts when it ends
            var revoked = Grant(db, Window, _a);
            Pin(db, revoked);
            revoked.Revoke(Guid.NewGuid(), "test", Start);                         // a revoked grant (its PIN row not ended yet)
            var reissued = Grant(db, Window, _a);
            var old = Pin(db, reissued);
            db.Credentials.Local.Single(c => c.Id == old).Replace(Start);          // a replaced PIN ...
            expected.Add(Pin(db, reissued));                                       // ... and its successor: taken
            var applied = Grant(db, Window, _a);
            applied.Doors.Single().MarkApplied(removal: false, Start);              // acknowledged by the lock: still taken
            expected.Add(Pin(db, applied));
            var ended = Grant(db, Window, _a);
            Pin(db, ended);
            ended.Revoke(Guid.NewGuid(), "test", Start);
            ended.Doors.Single().MarkApplied(removal: true, Start);                // revoked and removed at the lock
            await db.SaveChangesAsync();
        }

        await using (var db = _database.Context())
        {
            var unsaved = Grant(db, Window, _b);
            expected.Add(Pin(db, unsaved));                                        // added in this unit of work: taken

            var taken = await PinAllocator.TakenAsync(db, [_a, _b], Window, CancellationToken.None);

            Assert.Equal(expected.Order(), taken.Select(t => t.CredentialId).Order());
        }
    }

    [Fact]
    public async Task Allocate_NeverReturnsAPinTakenOnTheDoors()
    {
        await using var db = _database.Context();
        var grant = Grant(db, Window, _a);
        var pins = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 40; i++)
        {
            // Each new PIN is added unsaved and counts for the next one, like a re-issue in one unit of work.
            var pin = await PinAllocator.AllocateAsync(db, [_a], Window, PinGenerator.MinGeneratedLength, CancellationToken.None);
            Assert.True(pins.Add(pin.Pin));
            Assert.Equal(PinHasher.ComputeHash(pin.Salt, pin.Pin), pin.Hash);
            db.Credentials.Add(new Credential(Guid.NewGuid(), grant.Id, CredentialKind.Pin, pin.Salt, pin.Hash, Start));
        }

        await db.SaveChangesAsync();
        var taken = await PinAllocator.TakenAsync(db, [_a], Window, CancellationToken.None);
        Assert.Equal(40, taken.Count);
        Assert.All(pins, p => Assert.Single(taken, t => PinHasher.ComputeHash(t.Salt, p).AsSpan().SequenceEqual(t.Hash)));
    }

    private AccessGrant Grant(GuestAccessDb db, TimeInterval validity, params Guid[] doors)
    {
        var grant = AccessGrant.ByStaff(Guid.NewGuid(), _site.Id, HolderKind.Guest, Guid.NewGuid(), validity, null, doors, Guid.NewGuid(), "test", Start.AddDays(-2));
        db.Grants.Add(grant);
        return grant;
    }

    private static Guid Pin(GuestAccessDb db, AccessGrant grant)
    {
        var salt = System.Security.Cryptography.RandomNumberGenerator.GetBytes(PinHasher.SaltBytes);
        var credential = new Credential(Guid.NewGuid(), grant.Id, CredentialKind.Pin, salt, PinHasher.ComputeHash(salt, PinGenerator.Generate()), Start);
        db.Credentials.Add(credential);
        return credential.Id;
    }
}

public sealed class SqlitePinAllocatorTests() : PinAllocatorTests(DatabaseProvider.Sqlite);

public sealed class PostgreSqlPinAllocatorTests() : PinAllocatorTests(DatabaseProvider.PostgreSql);

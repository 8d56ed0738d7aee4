using System.Security.Cryptography;
using GuestAccess.Domain.Grants;
using GuestAccess.Domain.Time;
using GuestAccess.LockProtocol.Credentials;
using GuestAccess.Server.Locks.Fleet;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GuestAccess.EndToEnd.Tests.Support;

/// <summary>A PIN grant as the bookings feature will make one: stored grant and credential, staged at the locks in one transaction.</summary>
public sealed record IssuedPin(Guid GrantId, Guid CredentialId, string Pin, StagedChange Staged);

public static class Grants
{
    public static Task<IssuedPin> IssuePinAsync(FleetHost host, IReadOnlyList<string> doorSlugs, DateTimeOffset from, DateTimeOffset until, GuestAccess.Domain.Time.WeeklySchedule? schedule = null) =>
        IssuePinAsync(host.Services, doorSlugs, from, until, schedule);

    /// <summary>Through any server's services (also one that is built but not running: a second process on the same database).</summary>
    public static async Task<IssuedPin> IssuePinAsync(IServiceProvider services, IReadOnlyList<string> doorSlugs, DateTimeOffset from, DateTimeOffset until, GuestAccess.Domain.Time.WeeklySchedule? schedule = null)
    {
        var fleet = services.GetRequiredService<LockFleet>();
        var pin = PinGenerator.Generate();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuestAccess.Server.Persistence.GuestAccessDb>();
        {
            var doors = await db.Doors.Where(d => doorSlugs.Contains(d.Slug)).ToListAsync();
            Assert.Equal(doorSlugs.Count, doors.Count);
            var now = DateTimeOffset.UtcNow;
            var grant = AccessGrant.ByStaff(Guid.NewGuid(), doors[0].SiteId, HolderKind.Guest, Guid.NewGuid(), new TimeInterval(from, until), schedule, doors.Select(d => d.Id), Guid.NewGuid(), "End-to-end test", now);
            var salt = RandomNumberGenerator.GetBytes(PinHasher.SaltBytes);
            var credential = new Credential(Guid.NewGuid(), grant.Id, CredentialKind.Pin, salt, PinHasher.ComputeHash(salt, pin), now);
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Grants.Add(grant);
            db.Credentials.Add(credential);
            var staged = await fleet.StageGrantAsync(db, grant, [CredentialMaterial.From(credential)]);
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
            return new IssuedPin(grant.Id, credential.Id, pin, staged);
        }
    }

    public static async Task<StagedChange> RevokeAsync(FleetHost host, Guid grantId)
    {
        var fleet = host.Services.GetRequiredService<LockFleet>();
        return await host.WithDbAsync(async db =>
        {
            var grant = await db.Grants.Include(g => g.Doors).SingleAsync(g => g.Id == grantId);
            await using var transaction = await db.Database.BeginTransactionAsync();
            grant.Revoke(Guid.NewGuid(), "End-to-end test revokes", DateTimeOffset.UtcNow);
            var staged = await fleet.StageRevocationAsync(db, grant);
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
            return staged;
        });
    }

    public static Task<DoorDeliveryState[]> DoorStatesAsync(FleetHost host, Guid grantId) =>
        host.WithDbAsync(db => db.GrantDoors.AsNoTracking().Where(d => d.GrantId == grantId).Select(d => d.State).ToArrayAsync());

    /// <summary>Awaits the grant's doors; on a timeout the message carries the states and the server's recent log lines.</summary>
    public static async Task WaitForDoorsAsync(FleetHost host, Guid grantId, DoorDeliveryState state, TimeSpan? timeout = null)
    {
        try
        {
            await Eventually.ValueAsync(() => DoorStatesAsync(host, grantId), s => s.Length > 0 && s.All(x => x == state), $"every door of the grant to be {state}", timeout);
        }
        catch (TimeoutException e)
        {
            var states = string.Join(", ", await DoorStatesAsync(host, grantId));
            var recent = string.Join("\n", host.Logs.Lines.TakeLast(60));
            throw new TimeoutException($"{e.Message} (door states: [{states}]); the server's last log lines:\n{recent}", e);
        }
    }
}

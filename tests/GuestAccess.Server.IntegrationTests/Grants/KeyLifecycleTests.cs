using GuestAccess.Domain.Grants;
using GuestAccess.Domain.Time;
using GuestAccess.Server.Grants;
using GuestAccess.Server.Identity.Authorization;
using GuestAccess.Server.IntegrationTests.Audit;
using GuestAccess.Server.IntegrationTests.Bookings.Support;
using GuestAccess.Server.IntegrationTests.Infrastructure;
using GuestAccess.Server.Locks.Store;
using GuestAccess.Server.Notifications;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GuestAccess.Server.IntegrationTests.Grants;

/// <summary>Grants expire and leave the locks; guests' personal data goes N days after their access ended (a manual clock drives time).</summary>
public sealed class KeyLifecycleTests : IAsyncLifetime
{
    private static readonly Guid Staff = Guid.NewGuid();
    private readonly ManualClock _clock = new(DateTimeOffset.UtcNow);
    private TestServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await TestServer.StartWithServicesAsync(s => s.AddSingleton<TimeProvider>(_clock), null, "--Keys:LifecycleInterval=01:00:00", "--Notifications:PollInterval=00:00:00.050");

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Run_AfterTheWindowEnded_ExpiresTheGrantAndRemovesItsCredentialsFromTheLocks()
    {
        var grant = await GrantAsync("Kort adgang", TimeSpan.FromHours(1));
        _clock.Advance(TimeSpan.FromMinutes(59));
        await RunAsync();
        Assert.Equal(GrantStatus.Active, (await LoadAsync(grant.Id)).Status);

        _clock.Advance(TimeSpan.FromMinutes(1));
        await RunAsync();

        await using var scope = _server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuestAccessDb>();
        Assert.Equal(GrantStatus.Expired, (await LoadAsync(grant.Id)).Status);
        Assert.All(await db.Credentials.Where(c => c.GrantId == grant.Id).ToListAsync(), c => Assert.Equal(CredentialStatus.Revoked, c.Status));
        var entries = await db.LockCredentialEntries().Where(e => e.GrantId == grant.Id).ToListAsync();
        Assert.Equal(4, entries.Count);
        Assert.All(entries, e => Assert.False(e.IsPresent));
    }

    [Fact]
    public async Task Run_ThirtyDaysAfterTheAccessEnded_AnonymisesTheGuestAndDeletesTheirMessages_NotBefore()
    {
        var ended = await GrantAsync("Anne Afsluttet", TimeSpan.FromHours(1));
        var ongoing = await GrantAsync("Otto Ongoing", TimeSpan.FromDays(60));
        await Await.UntilAsync(() => CountAsync(db => db.DevInboxMessages().CountAsync(m => m.GuestId == ended.HolderId)), n => n == 2, "the guest's messages in the inbox");

        _clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromDays(29));
        await RunAsync();
        var early = await GuestAsync(ended.HolderId);
        _clock.Advance(TimeSpan.FromDays(1));
        await RunAsync();

        Assert.Equal("Anne Afsluttet", early.Name);
        var guest = await GuestAsync(ended.HolderId);
        Assert.Equal(("Anonymiseret gæst", (string?)null, (string?)null, (string?)null), (guest.Name, guest.Phone, guest.Email, guest.Organisation));
        Assert.NotNull(guest.AnonymisedAt);
        Assert.Equal(0, await CountAsync(db => db.DevInboxMessages().CountAsync(m => m.GuestId == ended.HolderId)));
        Assert.Equal(0, await CountAsync(db => db.Notifications().CountAsync(n => n.GuestId == ended.HolderId)));
        Assert.Equal("Otto Ongoing", (await GuestAsync(ongoing.HolderId)).Name);
    }

    [Fact]
    public async Task Run_RevokedEarly_CountsFromTheRevocation()
    {
        var grant = await GrantAsync("Rita Revoked", TimeSpan.FromDays(300));
        await using (var scope = _server.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<GrantService>().RevokeAsync(Staff, SiteScope.Everything, grant.Id, "Stop", CancellationToken.None);
        }

        _clock.Advance(TimeSpan.FromDays(31));
        await RunAsync();

        Assert.True((await GuestAsync(grant.HolderId)).IsAnonymised);
    }

    private async Task<AccessGrant> GrantAsync(string name, TimeSpan length)
    {
        await using var scope = _server.Services.CreateAsyncScope();
        var now = _clock.GetUtcNow();
        return await scope.ServiceProvider.GetRequiredService<GrantService>().CreateAsync(
            Staff,
            SiteScope.Everything,
            new GuestDetails(name, "+4512345678", $"{Guid.NewGuid():N}@example.org", "Firma"),
            null,
            new GrantCommand(["dokk1-hovedindgang", "dokk1-lille-sal-doer"], new TimeInterval(now, now + length), null),
            "Test",
            CancellationToken.None);
    }

    private Task<LifecycleResult> RunAsync() => _server.Services.GetRequiredService<KeyLifecycle>().RunOnceAsync(CancellationToken.None);

    private Task<AccessGrant> LoadAsync(Guid id) => CountAsync(db => db.Grants.AsNoTracking().SingleAsync(g => g.Id == id));

    private Task<Guest> GuestAsync(Guid id) => CountAsync(db => db.Guests.AsNoTracking().SingleAsync(g => g.Id == id));

    private async Task<T> CountAsync<T>(Func<GuestAccessDb, Task<T>> query)
    {
        await using var scope = _server.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<GuestAccessDb>());
    }
}

using GuestAccess.Domain.Doors;
using GuestAccess.Domain.Identity;
using GuestAccess.Domain.Locks;
using GuestAccess.Domain.Rooms;
using GuestAccess.Domain.Sites;
using GuestAccess.Server.Identity;
using GuestAccess.Server.Identity.Secrets;
using GuestAccess.Server.Identity.TokenService.Model;
using GuestAccess.Server.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Seeding;

/// <summary>What a seed run changed.</summary>
public sealed record SeedResult(int Created, int Updated, int AccountsCreated)
{
    public bool ChangedAnything => Created + Updated + AccountsCreated > 0;
}

/// <summary>
/// Applies a <see cref="SeedSet"/> idempotently: objects are matched by slug (accounts by
/// e-mail) and get stable ids, so applying the same files twice changes nothing the second time.
/// </summary>
public sealed partial class SeedLoader(GuestAccessDb db, UserManager<GuestAccessUser> users, TimeProvider clock, ILogger<SeedLoader> logger)
{
    private int _created;
    private int _updated;

    public async Task<SeedResult> ApplyAsync(SeedSet seeds, bool includeAccounts, CancellationToken cancellationToken = default)
    {
        _created = _updated = 0;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var seed in seeds.Sites)
        {
            await UpsertSiteAsync(seed, cancellationToken);
        }

        var accounts = includeAccounts ? await UpsertAccountsAsync(seeds.Accounts, cancellationToken) : 0;
        if (includeAccounts)
        {
            await UpsertClientsAsync(seeds.Clients ?? [], cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        var result = new SeedResult(_created, _updated, accounts);
        LogApplied(logger, seeds.Sites.Count, result.Created, result.Updated, result.AccountsCreated);
        return result;
    }

    private async Task UpsertSiteAsync(SiteSeed seed, CancellationToken cancellationToken)
    {
        var site = await db.Sites.SingleOrDefaultAsync(s => s.Slug == seed.Slug, cancellationToken);
        if (site is null)
        {
            site = new Site(StableId.For("site", seed.Slug), seed.Slug, seed.Name, seed.TimeZone);
            db.Sites.Add(site);
            _created++;
        }

        var address = new Address(seed.Address?.Street, seed.Address?.PostalCode, seed.Address?.City);
        var coordinates = seed.Coordinates is { } c ? new GeoCoordinates(c.Latitude, c.Longitude) : null;
        var policy = SeedMapping.Policy(seed.Policy);
        var hours = SeedMapping.Hours(seed.OpeningHours);
        if (site.Name != seed.Name || site.TimeZoneId != seed.TimeZone || site.Address != address || site.Coordinates != coordinates
            || site.MinimumAge != seed.MinimumAge || site.Policy != policy || !site.OpeningHours.IsSameAs(hours))
        {
            site.Rename(seed.Name);
            site.MoveToTimeZone(seed.TimeZone);
            site.Relocate(address, coordinates);
            site.SetMinimumAge(seed.MinimumAge);
            site.SetPolicy(policy);
            if (!site.OpeningHours.IsSameAs(hours) && db.Entry(site).State != EntityState.Added)
            {
                // Owned rows keep their keys: clear first so changed periods are replaced, not clashed.
                site.SetOpeningHours(OpeningHours.Closed);
                await db.SaveChangesAsync(cancellationToken);
            }

            site.SetOpeningHours(hours);
            _updated += db.Entry(site).State == EntityState.Added ? 0 : 1;
        }

        foreach (var door in seed.Doors)
        {
            await UpsertDoorAsync(site.Id, door.Slug, door.Name, door.Kind, cancellationToken);
        }

        foreach (var room in seed.Rooms)
        {
            var doorIds = new List<Guid>();
            foreach (var door in room.Doors)
            {
                doorIds.Add(await UpsertDoorAsync(site.Id, door.Slug, door.Name, DoorKind.Room, cancellationToken));
            }

            await UpsertRoomAsync(site.Id, room, doorIds, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<Guid> UpsertDoorAsync(Guid siteId, string slug, string name, DoorKind kind, CancellationToken cancellationToken)
    {
        var door = await db.Doors.SingleOrDefaultAsync(d => d.Slug == slug, cancellationToken);
        if (door is null)
        {
            door = new Door(StableId.For("door", slug), siteId, slug, name, kind);
            db.Doors.Add(door);
            _created++;
        }
        else if (door.Name != name)
        {
            door.Rename(name);
            _updated++;
        }

        // Every door has exactly one lock controller, named like the door.
        if (!await db.Locks.AnyAsync(l => l.DoorId == door.Id, cancellationToken) && !db.Locks.Local.Any(l => l.DoorId == door.Id))
        {
            db.Locks.Add(new LockController(StableId.For("lock", slug), siteId, door.Id, slug));
            _created++;
        }

        return door.Id;
    }

    private async Task UpsertRoomAsync(Guid siteId, RoomSeed seed, IReadOnlyList<Guid> doorIds, CancellationToken cancellationToken)
    {
        var room = await db.Rooms.Include(r => r.Doors).SingleOrDefaultAsync(r => r.Slug == seed.Slug, cancellationToken);
        var isNew = room is null;
        room ??= db.Rooms.Add(new Room(StableId.For("room", seed.Slug), siteId, seed.Slug, seed.Name, seed.Capacity)).Entity;
        var equipment = SeedMapping.Equipment(seed.Equipment);
        var rules = SeedMapping.Rules(seed.Rules);
        if (isNew || room.Name != seed.Name || room.Capacity != seed.Capacity || room.Equipment != equipment || room.Rules != rules
            || !room.Doors.Select(d => d.DoorId).Order().SequenceEqual(doorIds.Order()))
        {
            room.Rename(seed.Name);
            room.SetCapacity(seed.Capacity);
            room.SetEquipment(equipment);
            room.SetRules(rules);
            room.SetDoors(doorIds);
            _created += isNew ? 1 : 0;
            _updated += isNew ? 0 : 1;
        }
    }

    private async Task<int> UpsertAccountsAsync(IReadOnlyList<AccountSeed> accounts, CancellationToken cancellationToken)
    {
        var created = 0;
        var siteIds = await db.Sites.ToDictionaryAsync(s => s.Slug, s => s.Id, cancellationToken);
        foreach (var account in accounts)
        {
            var user = await users.FindByEmailAsync(account.Email);
            if (user is null)
            {
                user = new GuestAccessUser
                {
                    Id = StableId.For("user", account.Email.ToLowerInvariant()),
                    UserName = account.Email,
                    Email = account.Email,
                    EmailConfirmed = true,
                    DisplayName = account.DisplayName,
                    DateOfBirth = account.DateOfBirth,
                    CreatedAt = clock.GetUtcNow(),
                    IsDemo = true,
                };
                var result = await users.CreateAsync(user, account.Password);
                if (!result.Succeeded)
                {
                    throw new InvalidOperationException($"Demo account {account.Email} could not be created: {string.Join(" ", result.Errors.Select(e => e.Description))}");
                }

                created++;
            }
            else if (!user.IsDemo)
            {
                user.IsDemo = true;
                await users.UpdateAsync(user);
            }

            await SetRolesAsync(user.Id, account.Roles, siteIds, cancellationToken);
        }

        return created;
    }

    // Demo clients; a client with roles gets a service account (its identity for client credentials).
    private async Task UpsertClientsAsync(IReadOnlyList<ClientSeed> clients, CancellationToken cancellationToken)
    {
        var siteIds = await db.Sites.ToDictionaryAsync(s => s.Slug, s => s.Id, cancellationToken);
        foreach (var seed in clients)
        {
            var client = await db.Clients.SingleOrDefaultAsync(c => c.Id == seed.ClientId, cancellationToken);
            if (client is null)
            {
                client = new OAuthClient(seed.ClientId, seed.DisplayName, clock.GetUtcNow());
                db.Clients.Add(client);
                _created++;
            }

            client.DisplayName = seed.DisplayName;
            client.GrantTypes = SpaceList.Of(seed.GrantTypes);
            client.Scopes = SpaceList.Of(seed.Scopes);
            client.RedirectUris = SpaceList.Of(seed.RedirectUris ?? []);
            client.PostLogoutRedirectUris = SpaceList.Of(seed.PostLogoutRedirectUris ?? []);
            client.IsDemo = true;
            if (seed.Secret is null)
            {
                client.SecretHash = null;
            }
            else if (client.SecretHash is null || !SecretHasher.Verify(seed.Secret, client.SecretHash))
            {
                client.SecretHash = SecretHasher.Hash(seed.Secret);
            }

            if (seed.Roles is { Length: > 0 } roles)
            {
                var accountId = StableId.For("client", seed.ClientId);
                if (!await db.Users.AnyAsync(u => u.Id == accountId, cancellationToken))
                {
                    var name = $"{seed.ClientId}.client";
                    db.Users.Add(new GuestAccessUser
                    {
                        Id = accountId,
                        UserName = name,
                        NormalizedUserName = name.ToUpperInvariant(),
                        DisplayName = seed.DisplayName,
                        Kind = AccountKind.Service,
                        IsDemo = true,
                        SecurityStamp = Guid.NewGuid().ToString("N"),
                        CreatedAt = clock.GetUtcNow(),
                    });
                    await db.SaveChangesAsync(cancellationToken);
                }

                client.ServiceAccountId = accountId;
                await db.SaveChangesAsync(cancellationToken);
                await SetRolesAsync(accountId, roles, siteIds, cancellationToken);
            }

            await db.SaveChangesAsync(cancellationToken);
        }
    }

    private async Task SetRolesAsync(Guid userId, RoleSeed[] roles, Dictionary<string, Guid> siteIds, CancellationToken cancellationToken)
    {
        var wanted = roles
            .SelectMany(r => r.Sites is { Length: > 0 } sites ? sites.Select(s => (r.Role, (Guid?)siteIds[s])) : [(r.Role, (Guid?)null)])
            .ToHashSet();
        var existing = await db.RoleAssignments.Where(r => r.UserId == userId).ToListAsync(cancellationToken);
        db.RoleAssignments.RemoveRange(existing.Where(r => !wanted.Contains((r.Role, r.SiteId))));
        foreach (var (role, siteId) in wanted.Where(w => !existing.Any(r => r.Role == w.Role && r.SiteId == w.Item2)))
        {
            db.RoleAssignments.Add(new RoleAssignment(StableId.For("role", $"{userId}:{role}:{siteId}"), userId, role, siteId));
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    [LoggerMessage(EventId = 1200, Level = LogLevel.Information, Message = "Seed data applied: {Sites} sites in files; {Created} objects created, {Updated} updated, {Accounts} demo accounts created")]
    private static partial void LogApplied(ILogger logger, int sites, int created, int updated, int accounts);
}

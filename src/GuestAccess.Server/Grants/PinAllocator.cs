using System.Security.Cryptography;
using GuestAccess.Domain.Common;
using GuestAccess.Domain.Grants;
using GuestAccess.Domain.Time;
using GuestAccess.LockProtocol.Credentials;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Grants;

/// <summary>A new PIN: the plaintext (shown once, never stored) and the salted hash that is stored and sent to locks.</summary>
public sealed record NewPin(string Pin, byte[] Salt, byte[] Hash);

/// <summary>
/// Draws random PINs (<see cref="PinGenerator"/>, no weak ones) that differ from every active PIN
/// on the same doors whose grant is valid at an overlapping time, so a typed PIN names exactly
/// one credential at a lock. Uniqueness is checked without plaintext: the candidate is hashed
/// with each existing credential's own salt and compared with its stored hash. Call it inside a
/// <see cref="KeyTransaction"/> so no concurrent issuer can take the same PIN.
/// </summary>
public static class PinAllocator
{
    private const int MaxAttempts = 50;

    public static async Task<NewPin> AllocateAsync(GuestAccessDb db, IReadOnlyCollection<Guid> doorIds, TimeInterval validity, int length, CancellationToken cancellationToken)
    {
        var existing = await TakenAsync(db, doorIds, validity, cancellationToken);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var pin = PinGenerator.Generate(length);
            if (!existing.Any(e => CryptographicOperations.FixedTimeEquals(PinHasher.ComputeHash(e.Salt, pin), e.Hash)))
            {
                var salt = RandomNumberGenerator.GetBytes(PinHasher.SaltBytes);
                return new NewPin(pin, salt, PinHasher.ComputeHash(salt, pin));
            }
        }

        throw new DomainException("pin_space_exhausted", "No unique PIN could be drawn for these doors; try again.");
    }

    /// <summary>
    /// The PINs a new one on <paramref name="doorIds"/> valid in <paramref name="validity"/> must
    /// differ from: active PIN credentials of active grants on any of these doors whose window
    /// overlaps, including those added in this unit of work (a PIN re-issued a moment ago).
    /// </summary>
    internal static async Task<IReadOnlyList<TakenPin>> TakenAsync(GuestAccessDb db, IReadOnlyCollection<Guid> doorIds, TimeInterval validity, CancellationToken cancellationToken)
    {
        // From the doors: their grant rows (by the (door_id, state) index; an active grant's door is
        // never Removed), each grant by its key and its PINs by (grant_id, status). Status and
        // window are checked here, not in SQL: given them, SQLite's planner starts from
        // access_grants' (status, valid_until) index and reads every active grant in the database.
        var ids = doorIds.ToList();
        var rows = await (from d in db.GrantDoors
                          join g in db.Grants on d.GrantId equals g.Id
                          join c in db.Credentials on d.GrantId equals c.GrantId
                          where ids.Contains(d.DoorId) && d.State != DoorDeliveryState.Removed
                                && c.Kind == CredentialKind.Pin && c.Status == CredentialStatus.Active
                          select new { c.Id, c.Salt, c.Hash, g.Status, g.ValidFrom, g.ValidUntil })
            .AsNoTracking().ToListAsync(cancellationToken);
        var taken = rows
            .Where(r => r.Status == GrantStatus.Active && r.ValidFrom < validity.End && r.ValidUntil > validity.Start)
            .DistinctBy(r => r.Id)
            .Select(r => new TakenPin(r.Id, r.Salt, r.Hash));

        var pending = db.ChangeTracker.Entries<Credential>()
            .Where(e => e.State == EntityState.Added && e.Entity is { Kind: CredentialKind.Pin, Status: CredentialStatus.Active })
            .Select(e => new TakenPin(e.Entity.Id, e.Entity.Salt, e.Entity.Hash));
        return [.. taken, .. pending];
    }
}

/// <summary>A PIN credential a new PIN must differ from: its id, salt and hash (never the PIN).</summary>
internal sealed record TakenPin(Guid CredentialId, byte[] Salt, byte[] Hash);

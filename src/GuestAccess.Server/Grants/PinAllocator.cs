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
        var ids = doorIds.ToList();
        var taken = await (from c in db.Credentials
                           join g in db.Grants on c.GrantId equals g.Id
                           where c.Kind == CredentialKind.Pin && c.Status == CredentialStatus.Active
                                 && g.Status == GrantStatus.Active && g.ValidFrom < validity.End && g.ValidUntil > validity.Start
                                 && db.GrantDoors.Any(d => d.GrantId == g.Id && ids.Contains(d.DoorId))
                           select new { c.Salt, c.Hash })
            .AsNoTracking().ToListAsync(cancellationToken);

        // Credentials added in this unit of work (a PIN re-issued a moment ago) count as well.
        var pending = db.ChangeTracker.Entries<Credential>()
            .Where(e => e.State == EntityState.Added && e.Entity is { Kind: CredentialKind.Pin, Status: CredentialStatus.Active })
            .Select(e => new { e.Entity.Salt, e.Entity.Hash });
        var existing = taken.Concat(pending).ToList();

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
}

using GuestAccess.Domain.Identity;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Identity.Accounts;

/// <summary>Who may sign in and keep using tokens: people (not service accounts), and demo accounts only outside Production.</summary>
public sealed class AccountPolicy(GuestAccessDb db, IHostEnvironment environment)
{
    public bool MaySignIn(GuestAccessUser user) => user.Kind == AccountKind.Person && !(user.IsDemo && environment.IsProduction());

    public bool RefusesDemo(GuestAccessUser user) => RefusesDemo(user.IsDemo);

    public bool RefusesDemo(bool isDemo) => isDemo && environment.IsProduction();

    public async Task<GuestAccessUser?> FindActiveAsync(Guid id, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, cancellationToken);
        return user is not null && MaySignIn(user) ? user : null;
    }

    /// <summary>Staff (caretakers, auditors, admins) must use TOTP where the setting requires it.</summary>
    public Task<bool> IsStaffAsync(Guid userId, CancellationToken cancellationToken) =>
        db.RoleAssignments.AnyAsync(r => r.UserId == userId && r.Role != Role.Citizen, cancellationToken);
}

using System.Globalization;
using GuestAccess.Domain.Identity;
using GuestAccess.Server.Identity.Accounts;
using GuestAccess.Server.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.JsonWebTokens;

namespace GuestAccess.Server.Identity.Federation;

/// <summary>
/// Maps an upstream identity to a local account. Citizens (MitID) are provisioned on first
/// sign-in under their pseudonym, with the citizen role; staff (Entra ID) only ever reach an
/// account an administrator created, linked on first sign-in by e-mail.
/// </summary>
public sealed partial class UpstreamAccounts(GuestAccessDb db, UserManager<GuestAccessUser> users, PseudonymousSubject pseudonyms, AccountPolicy policy, TimeProvider clock, ILogger<UpstreamAccounts> logger)
{
    public static string LoginProvider(string name) => $"upstream:{name}";

    /// <summary>The local account, or null when this upstream identity may not sign in here.</summary>
    public async Task<GuestAccessUser?> ResolveAsync(string name, UpstreamProvider provider, JsonWebToken idToken, CancellationToken cancellationToken)
    {
        var loginProvider = LoginProvider(name);
        var key = provider.Kind switch
        {
            UpstreamKind.Citizen => await pseudonyms.ForAsync(idToken.Issuer, idToken.Subject, cancellationToken),
            UpstreamKind.Staff => idToken.Subject,
        };
        var linked = await users.FindByLoginAsync(loginProvider, key);
        if (linked is not null)
        {
            return policy.MaySignIn(linked) ? linked : null;
        }

        return provider.Kind switch
        {
            UpstreamKind.Citizen => await ProvisionCitizenAsync(loginProvider, key, provider, idToken, cancellationToken),
            UpstreamKind.Staff => await LinkStaffAsync(loginProvider, key, provider, idToken),
        };
    }

    private async Task<GuestAccessUser> ProvisionCitizenAsync(string loginProvider, string pseudonym, UpstreamProvider provider, JsonWebToken idToken, CancellationToken cancellationToken)
    {
        var user = new GuestAccessUser
        {
            Id = Guid.NewGuid(),
            UserName = $"citizen-{pseudonym[..24]}",
            DisplayName = Claim(idToken, provider.NameClaim) is { Length: > 0 } n ? n[..Math.Min(n.Length, GuestAccessUser.MaxDisplayNameLength)] : "Borger",
            DateOfBirth = provider.BirthdateClaim is { } claim && DateOnly.TryParseExact(Claim(idToken, claim), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var born) ? born : null,
            CreatedAt = clock.GetUtcNow(),
            SecurityStamp = Guid.NewGuid().ToString("N"),
        };
        user.NormalizedUserName = user.UserName.ToUpperInvariant();

        // Stored directly: a MitID citizen has no e-mail, which Identity's validator (unique e-mail) would demand.
        db.Users.Add(user);
        db.UserLogins.Add(new IdentityUserLogin<Guid> { LoginProvider = loginProvider, ProviderKey = pseudonym, ProviderDisplayName = loginProvider, UserId = user.Id });
        db.RoleAssignments.Add(new RoleAssignment(Guid.NewGuid(), user.Id, Role.Citizen, null));
        await db.SaveChangesAsync(cancellationToken);
        LogProvisioned(logger, user.Id, loginProvider);
        return user;
    }

    private async Task<GuestAccessUser?> LinkStaffAsync(string loginProvider, string subject, UpstreamProvider provider, JsonWebToken idToken)
    {
        var email = Claim(idToken, provider.EmailClaim);
        var user = email is { Length: > 0 } ? await users.FindByEmailAsync(email) : null;
        if (user is null || !policy.MaySignIn(user))
        {
            LogUnknownStaff(logger, loginProvider);
            return null;
        }

        Check(await users.AddLoginAsync(user, new UserLoginInfo(loginProvider, subject, loginProvider)));
        LogLinked(logger, user.Id, loginProvider);
        return user;
    }

    private static string? Claim(JsonWebToken token, string type) => token.TryGetClaim(type, out var claim) ? claim.Value : null;

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("The upstream account could not be stored: " + string.Join(" ", result.Errors.Select(e => e.Code)));
        }
    }

    [LoggerMessage(EventId = 3070, Level = LogLevel.Information, Message = "Citizen {UserId} provisioned on first sign-in through {Provider}")]
    private static partial void LogProvisioned(ILogger logger, Guid userId, string provider);

    [LoggerMessage(EventId = 3071, Level = LogLevel.Information, Message = "Staff account {UserId} linked to {Provider} on first sign-in")]
    private static partial void LogLinked(ILogger logger, Guid userId, string provider);

    [LoggerMessage(EventId = 3072, Level = LogLevel.Warning, Message = "Sign-in through {Provider} refused: no staff account matches")]
    private static partial void LogUnknownStaff(ILogger logger, string provider);
}

using Microsoft.AspNetCore.Identity;

namespace GuestAccess.Server.Identity;

/// <summary>
/// A person who signs in. Citizens are known by a pseudonymous subject (a keyed hash of their
/// upstream identifier, never a CPR number); staff by their work account.
/// </summary>
public sealed class GuestAccessUser : IdentityUser<Guid>
{
    public const int MaxDisplayNameLength = 200;

    public string DisplayName { get; set; } = string.Empty;

    /// <summary>Needed only to enforce a site's minimum age; null when unknown.</summary>
    public DateOnly? DateOfBirth { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public AccountKind Kind { get; set; } = AccountKind.Person;

    /// <summary>Created from the demo seed files: refused everywhere when the environment is Production.</summary>
    public bool IsDemo { get; set; }

    /// <summary>Age in whole years on a date, or null when the date of birth is unknown.</summary>
    public int? AgeOn(DateOnly date)
    {
        if (DateOfBirth is not { } born)
        {
            return null;
        }

        var age = date.Year - born.Year;
        return born.AddYears(age) > date ? age - 1 : age;
    }
}

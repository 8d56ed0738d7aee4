namespace GuestAccess.Domain.Common;

/// <summary>Validation of display names shared by the entities.</summary>
public static class Names
{
    public const int MaxLength = 200;

    public static string Require(string? name, string what = "name") =>
        string.IsNullOrWhiteSpace(name) || name.Trim().Length > MaxLength
            ? throw new DomainException("invalid_name", $"The {what} must be 1-{MaxLength} characters.")
            : name.Trim();
}

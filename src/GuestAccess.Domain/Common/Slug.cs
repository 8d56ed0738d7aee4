namespace GuestAccess.Domain.Common;

/// <summary>
/// Human-readable, URL- and MQTT-topic-safe identifiers such as <c>dokk1</c> or
/// <c>dokk1-store-sal</c>: lowercase ASCII letters and digits separated by single hyphens.
/// </summary>
public static class Slug
{
    public const int MaxLength = 64;

    public static bool IsValid(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength || value[0] == '-' || value[^1] == '-')
        {
            return false;
        }

        var previousWasHyphen = false;
        foreach (var c in value)
        {
            var isHyphen = c == '-';
            if (!(c is >= 'a' and <= 'z' || c is >= '0' and <= '9' || isHyphen) || (isHyphen && previousWasHyphen))
            {
                return false;
            }

            previousWasHyphen = isHyphen;
        }

        return true;
    }

    public static string Require(string? value, string what) =>
        IsValid(value)
            ? value!
            : throw new DomainException("invalid_slug", $"{what} '{value}' must be 1-{MaxLength} lowercase letters, digits and single hyphens.");
}

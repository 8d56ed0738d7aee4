namespace GuestAccess.LockProtocol.Messages;

/// <summary>The character rules for identifiers and free text on the wire.</summary>
public static class WireText
{
    public const int MaxIdentifierLength = 64;
    public const int MaxFreeTextLength = 200;

    /// <summary>Command, credential, grant and door ids: 1–64 of <c>A-Z a-z 0-9 . _ : -</c>.</summary>
    public static bool IsIdentifier(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxIdentifierLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Reasons and details: 1–200 characters, no control characters.</summary>
    public static bool IsFreeText(string? value, int maxLength = MaxFreeTextLength) =>
        !string.IsNullOrEmpty(value) && value.Length <= maxLength && !value.Any(char.IsControl);

    internal static void RequireIdentifier(string? value, string field) =>
        ProtocolViolation.Unless(IsIdentifier(value), $"{field} must be 1-64 characters of A-Z, a-z, 0-9, '.', '_', ':' and '-'");

    internal static void RequireFreeText(string? value, string field, int maxLength = MaxFreeTextLength) =>
        ProtocolViolation.Unless(IsFreeText(value, maxLength), $"{field} must be 1-{maxLength} characters without control characters");
}

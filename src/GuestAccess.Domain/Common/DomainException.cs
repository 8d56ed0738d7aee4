namespace GuestAccess.Domain.Common;

/// <summary>
/// A domain rule was violated. <see cref="Code"/> is a stable, machine-readable code
/// (for example <c>booking_conflict</c>) that the API maps to an HTTP status in one place.
/// </summary>
public sealed class DomainException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

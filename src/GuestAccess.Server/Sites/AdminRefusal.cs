using GuestAccess.Server.Infrastructure.Problems;

namespace GuestAccess.Server.Sites;

/// <summary>Why an administrative change was refused: a stable error, a detail, and the form field it is about (if any).</summary>
public sealed record AdminRefusal(ApiError Error, string Detail, string? Field = null);

/// <summary>The result of an administrative change: the value, or why it was refused (nothing changed then).</summary>
public sealed record AdminResult<T>(T? Value, AdminRefusal? Refusal)
    where T : class
{
    public static implicit operator AdminResult<T>(T value) => new(value, null);

    public static implicit operator AdminResult<T>(AdminRefusal refusal) => new(null, refusal);
}

/// <summary>Checks shared by the administration services before a domain object would throw.</summary>
internal static class AdminChecks
{
    public static bool IsName(string? name) => !string.IsNullOrWhiteSpace(name) && name.Trim().Length <= Domain.Common.Names.MaxLength;
}

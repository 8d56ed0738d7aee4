using GuestAccess.Server.Infrastructure.Validation;

namespace GuestAccess.Server.Sites;

/// <summary>Query of <c>GET /api/v1/sites/{site}/opening-hours</c>.</summary>
public sealed record OpeningHoursQuery(DateOnly? From, int? Days) : IValidatable
{
    public const int MaxDays = 92;

    public IDictionary<string, string[]> Validate() => new ValidationErrors()
        .When(Days is < 1 or > MaxDays, "days", $"days must be between 1 and {MaxDays}.")
        .When(From is { Year: < 2000 or > 2100 }, "from", "from must be a date between 2000 and 2100.")
        .ToDictionary();
}

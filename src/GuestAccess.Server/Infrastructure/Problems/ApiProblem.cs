using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace GuestAccess.Server.Infrastructure.Problems;

/// <summary>Builds RFC 9457 problem details carrying a stable <c>code</c>, in the caller's language.</summary>
public static class ApiProblem
{
    public const string CodeKey = "code";

    public static ProblemHttpResult Of(HttpContext context, ApiError error, string? detail = null, IDictionary<string, string[]>? errors = null) =>
        TypedResults.Problem(Create(context, error, detail, errors));

    public static ProblemDetails Create(HttpContext context, ApiError error, string? detail = null, IDictionary<string, string[]>? errors = null)
    {
        var english = Language.PrefersEnglish(context.Request);
        var problem = errors is null
            ? new ProblemDetails()
            : new HttpValidationProblemDetails(errors);
        problem.Status = error.Status;
        problem.Title = error.Title(english);
        problem.Detail = detail;
        problem.Type = $"https://guestaccess.aarhus.dk/problems/{error.Code}";
        problem.Extensions[CodeKey] = error.Code;
        return problem;
    }
}

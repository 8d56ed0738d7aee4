using System.Diagnostics;

namespace GuestAccess.Server.Infrastructure.Problems;

public static class ProblemsExtensions
{
    /// <summary>RFC 9457 problem details for every failure, each with a stable code and a trace id.</summary>
    public static IServiceCollection AddApiProblems(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            if (!problem.Extensions.ContainsKey(ApiProblem.CodeKey))
            {
                var error = ErrorCatalog.ForStatus(problem.Status ?? context.HttpContext.Response.StatusCode);
                problem.Extensions[ApiProblem.CodeKey] = error.Code;
                problem.Title = error.Title(Language.PrefersEnglish(context.HttpContext.Request));
                problem.Type = $"https://guestaccess.aarhus.dk/problems/{error.Code}";
            }

            problem.Instance ??= context.HttpContext.Request.Path;
            problem.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    public static WebApplication UseApiProblems(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}

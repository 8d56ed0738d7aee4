using System.Text.Json;
using GuestAccess.Domain.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Infrastructure.Problems;

/// <summary>
/// Turns exceptions into problem details with a stable code. Client mistakes become 4xx with a
/// helpful detail; anything unexpected becomes a 500 that reveals nothing but a trace id.
/// </summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (error, detail) = exception switch
        {
            DomainException domain => (ErrorCatalog.ForCode(domain.Code), domain.Message),
            BadHttpRequestException { StatusCode: 413 } => (ErrorCatalog.PayloadTooLarge, null),
            BadHttpRequestException { InnerException: JsonException json } => (ErrorCatalog.MalformedRequest, JsonDetail(json)),
            BadHttpRequestException bad => (ErrorCatalog.ForStatus(bad.StatusCode), bad.Message),
            JsonException json => (ErrorCatalog.MalformedRequest, JsonDetail(json)),
            DbUpdateConcurrencyException => (ErrorCatalog.ConcurrencyConflict, null),
            OperationCanceledException when context.RequestAborted.IsCancellationRequested => (null, null),
            _ => (ErrorCatalog.InternalError, null),
        };

        if (error is null)
        {
            return true; // The client went away; nobody is listening for an answer.
        }

        if (error.Status >= 500)
        {
            LogUnhandled(logger, exception, context.Request.Method, context.Request.Path);
        }

        context.Response.StatusCode = error.Status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = ApiProblem.Create(context, error, detail),
        });
    }

    // JsonException messages name the path and position but never echo the payload.
    private static string JsonDetail(JsonException json) =>
        json.Path is null ? "The JSON body is malformed." : $"The JSON body is malformed at {json.Path} (line {json.LineNumber + 1}).";

    [LoggerMessage(EventId = 1000, Level = LogLevel.Error, Message = "Unhandled exception for {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, PathString path);
}

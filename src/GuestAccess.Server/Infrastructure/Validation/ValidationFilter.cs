using GuestAccess.Server.Infrastructure.Problems;

namespace GuestAccess.Server.Infrastructure.Validation;

/// <summary>
/// Rejects a request whose arguments are <see cref="IValidatable"/> and invalid with 400
/// <c>validation_failed</c> and the per-field messages, before the handler runs.
/// </summary>
public sealed class ValidationFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        foreach (var argument in context.Arguments)
        {
            if (argument is IValidatable validatable && validatable.Validate() is { Count: > 0 } errors)
            {
                return ApiProblem.Of(context.HttpContext, ErrorCatalog.ValidationFailed, "Se feltfejlene. / See the field errors.", errors);
            }
        }

        return await next(context);
    }
}

public static class ValidationExtensions
{
    /// <summary>Validates every <see cref="IValidatable"/> argument of the group's endpoints.</summary>
    public static TBuilder WithValidation<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter<TBuilder, ValidationFilter>();
}

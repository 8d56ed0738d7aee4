using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;

namespace GuestAccess.Server.Identity.Authorization;

/// <summary>The authorization policies behind the route-group extensions; they read roles from <see cref="CurrentUser"/>.</summary>
public static class AccessPolicies
{
    public const string SignedIn = "signed-in";
    public const string Citizen = "citizen";
    public const string Staff = "staff";
    public const string Caretaker = "caretaker";
    public const string Auditor = "auditor";
    public const string Admin = "admin";
    public const string OpenId = "openid";

    public static void Add(AuthorizationOptions options)
    {
        Policy(options, SignedIn, c => c.HasApiAccess());
        Policy(options, Citizen, c => c.HasApiAccess() && c.IsCitizen);
        Policy(options, Staff, c => c.HasApiAccess() && c.IsStaff);
        Policy(options, Caretaker, c => c.HasApiAccess() && (c.IsCaretaker || c.IsAdmin));
        Policy(options, Auditor, c => c.HasApiAccess() && c.IsAuditor);
        Policy(options, Admin, c => c.HasApiAccess() && c.IsAdmin);
        Policy(options, OpenId, c => c.IsAuthenticated);
    }

    /// <summary>An account and, for our own tokens, the API scope.</summary>
    public static bool HasApiAccess(this CurrentUser caller) => caller.HasAccount && (!caller.FromOwnIssuer || caller.Scopes.Contains(TokenService.Scopes.Api));

    private static void Policy(AuthorizationOptions options, string name, Func<CurrentUser, bool> allowed) =>
        options.AddPolicy(name, p => p.AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme).RequireAuthenticatedUser().AddRequirements(new CallerRequirement(name, allowed)));
}

/// <summary>A requirement evaluated against the request's <see cref="CurrentUser"/>.</summary>
public sealed class CallerRequirement(string name, Func<CurrentUser, bool> allowed) : IAuthorizationRequirement
{
    public string Name { get; } = name;

    public bool IsMetBy(CurrentUser caller) => allowed(caller);
}

internal sealed class CallerRequirementHandler(IHttpContextAccessor http) : AuthorizationHandler<CallerRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, CallerRequirement requirement)
    {
        var caller = http.HttpContext?.RequestServices.GetRequiredService<CurrentUser>();
        if (caller is not null && requirement.IsMetBy(caller))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}

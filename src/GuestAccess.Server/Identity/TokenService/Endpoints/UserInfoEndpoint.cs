using GuestAccess.Server.Identity.Authorization;
using GuestAccess.Server.Infrastructure.Problems;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Identity.TokenService.Endpoints;

/// <summary>GET/POST /connect/userinfo (OpenID Connect Core §5.3): the profile claims the token's scopes release.</summary>
public static class UserInfoEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext http, CurrentUser caller, GuestAccessDb db)
    {
        if (!caller.Scopes.Contains(Scopes.OpenId) || caller.UserId is not { } id || caller.Kind != AccountKind.Person)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer error=\"insufficient_scope\", scope=\"openid\"";
            return ApiProblem.Of(http, ErrorCatalog.InsufficientScope, "The access token needs the openid scope and a user.");
        }

        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == id, http.RequestAborted);
        var claims = new Dictionary<string, object> { ["sub"] = user.Id.ToString() };
        foreach (var (name, value) in TokenFactory.UserClaims(user, caller.Scopes))
        {
            claims[name] = value;
        }

        return OAuthResults.Json(http, claims);
    }
}

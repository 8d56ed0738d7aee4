using GuestAccess.Server.Identity.Authorization;
using GuestAccess.Server.Identity.Secrets;
using GuestAccess.Server.Identity.TokenService.Model;
using GuestAccess.Server.Identity.TokenService.Validation;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Identity.TokenService.Endpoints;

/// <summary>
/// POST /connect/revoke (RFC 7009). A refresh token revokes its whole grant; an access token is
/// refused from now until it expires. Unknown tokens and other clients' tokens get the same
/// 200 answer, so the endpoint reveals nothing.
/// </summary>
public static partial class RevocationEndpoint
{
    public static async Task<IResult> HandleAsync(
        HttpContext http, ClientAuthentication clients, GuestAccessDb db, GrantFamilies grants, OwnTokens own, IOptions<ApiAuthenticationSettings> api, ILogger<TokenRequestContext> logger)
    {
        if (!http.Request.HasFormContentType)
        {
            return OAuthResults.Error(http, OAuthFailure.InvalidRequest("The revocation request must be a form POST."));
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var (client, failure) = await clients.AuthenticateAsync(http, form, http.RequestAborted);
        if (failure is not null)
        {
            return OAuthResults.Error(http, failure);
        }

        if (form["token"] is not { Count: 1 } tokens || string.IsNullOrEmpty(tokens[0]))
        {
            return OAuthResults.Error(http, OAuthFailure.InvalidRequest("token is required."));
        }

        var token = tokens[0]!;
        var hash = OpaqueToken.HashOf(token);
        var refresh = await db.RefreshTokens.AsNoTracking().Where(t => t.Id == hash)
            .Join(db.TokenGrants, t => t.GrantId, g => g.Id, (t, g) => g).SingleOrDefaultAsync(http.RequestAborted);
        if (refresh is not null && refresh.ClientId == client!.Id)
        {
            await grants.RevokeAsync(refresh.Id, RevocationReasons.RevokedByClient, http.RequestAborted);
        }
        else if (await own.ValidateAsync(token, api.Value.Audience, validateLifetime: true, TokenClaims.AccessTokenType) is { } jwt
            && jwt.TryGetClaim(TokenClaims.ClientId, out var owner) && owner.Value == client!.Id && !await db.RevokedAccessTokens.AnyAsync(r => r.Id == jwt.Id, http.RequestAborted))
        {
            db.RevokedAccessTokens.Add(new RevokedAccessToken(jwt.Id, new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero)));
            await db.SaveChangesAsync(http.RequestAborted);
            LogAccessTokenRevoked(logger, client.Id);
        }

        return OAuthResults.Json(http, new { });
    }

    [LoggerMessage(EventId = 3050, Level = LogLevel.Information, Message = "Client {ClientId} revoked an access token")]
    private static partial void LogAccessTokenRevoked(ILogger logger, string clientId);
}

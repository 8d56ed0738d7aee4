using GuestAccess.Server.Identity.TokenService.Model;
using GuestAccess.Server.Identity.TokenService.Validation;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Identity.TokenService.Endpoints;

/// <summary>
/// POST /connect/token: runs the validator pipeline (each step refuses with a catalogued OAuth
/// error), then issues tokens for the authorization_code, refresh_token or client_credentials grant.
/// </summary>
public static partial class TokenEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext http, IEnumerable<ITokenRequestValidator> validators, TokenFactory tokens, GrantFamilies grants, GuestAccessDb db, ILogger<TokenRequestContext> logger, CancellationToken cancellationToken)
    {
        if (!http.Request.HasFormContentType)
        {
            return OAuthResults.Error(http, OAuthFailure.InvalidRequest("The token request must be a form POST (application/x-www-form-urlencoded)."));
        }

        var context = new TokenRequestContext(http, await http.Request.ReadFormAsync(cancellationToken));
        foreach (var validator in validators)
        {
            if (await validator.ValidateAsync(context, cancellationToken) is { } failure)
            {
                LogRefused(logger, context.GrantType, context.Client?.Id, failure.Error.Code);
                return OAuthResults.Error(http, failure);
            }
        }

        var response = context.GrantType switch
        {
            GrantTypes.ClientCredentials => await ClientCredentialsAsync(context, tokens, db, cancellationToken),
            _ => await UserTokensAsync(context, tokens, grants, db, cancellationToken),
        };
        LogIssued(logger, context.GrantType, context.Client.Id);
        return OAuthResults.Json(http, response);
    }

    private static async Task<Dictionary<string, object>> ClientCredentialsAsync(TokenRequestContext context, TokenFactory tokens, GuestAccessDb db, CancellationToken cancellationToken)
    {
        var client = context.Client;
        var serviceAccount = client.ServiceAccountId is { } id && await db.Users.AnyAsync(u => u.Id == id, cancellationToken) ? id.ToString() : client.Id;
        var access = tokens.CreateAccessToken(serviceAccount, client.Id, context.Scopes, null, null, null);
        return Answer(access, context.Scopes);
    }

    private static async Task<Dictionary<string, object>> UserTokensAsync(TokenRequestContext context, TokenFactory tokens, GrantFamilies grants, GuestAccessDb db, CancellationToken cancellationToken)
    {
        var user = context.User!;
        var client = context.Client;
        var authTime = context.Code?.AuthTime ?? context.Grant!.AuthTime;
        var amr = context.Code?.Amr ?? context.Grant!.Amr;
        var grant = context.Grant;
        if (grant is null && context.Scopes.Contains(Scopes.OfflineAccess) && client.GrantTypes.Contains(GrantTypes.RefreshToken))
        {
            grant = await grants.StartAsync(client.Id, user.Id, context.Scopes, authTime, amr, cancellationToken);
            var codeId = context.Code!.Id;
            var grantId = grant.Id;
            await db.AuthorizationCodes.Where(c => c.Id == codeId).ExecuteUpdateAsync(s => s.SetProperty(c => c.GrantId, grantId), cancellationToken);
        }

        var access = tokens.CreateAccessToken(user.Id.ToString(), client.Id, context.Scopes, grant?.Id, authTime, amr);
        var response = Answer(access, context.Scopes);
        if (grant is not null)
        {
            response["refresh_token"] = await grants.IssueRefreshTokenAsync(grant, cancellationToken);
        }

        if (context.Scopes.Contains(Scopes.OpenId))
        {
            response["id_token"] = tokens.CreateIdToken(user, client.Id, context.Scopes, context.Code?.Nonce, authTime, amr);
        }

        return response;
    }

    private static Dictionary<string, object> Answer(IssuedAccessToken access, SpaceList scopes) => new()
    {
        ["access_token"] = access.Token,
        ["token_type"] = "Bearer",
        ["expires_in"] = access.ExpiresIn,
        ["scope"] = scopes.ToString(),
    };

    [LoggerMessage(EventId = 3020, Level = LogLevel.Information, Message = "Token request ({GrantType}) by client {ClientId} refused: {Error}")]
    private static partial void LogRefused(ILogger logger, string grantType, string? clientId, string error);

    [LoggerMessage(EventId = 3021, Level = LogLevel.Information, Message = "Tokens issued ({GrantType}) to client {ClientId}")]
    private static partial void LogIssued(ILogger logger, string grantType, string clientId);
}

using GuestAccess.Server.Identity.TokenService;
using GuestAccess.Server.Identity.TokenService.Model;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Web.Session;

/// <summary>
/// The web UI's registration at the token service: a public client (PKCE) that may use the
/// authorization code grant, whose only redirect URI is this server's <c>/signin/callback</c> under
/// the issuer. It is registered in every environment (it is not demo data) the first time
/// someone signs in, and corrected if the issuer changed.
/// </summary>
public sealed class WebClient(Issuer issuer)
{
    public const string Id = "guestaccess-web";

    private static readonly SpaceList Grants = SpaceList.Of([GrantTypes.AuthorizationCode, GrantTypes.RefreshToken]);

    /// <summary>openid for the ID token, the API scope for the caller's roles, offline_access for a revocable sign-in (grant family).</summary>
    public static readonly SpaceList Scopes = SpaceList.Of([Identity.TokenService.Scopes.OpenId, Identity.TokenService.Scopes.Profile, Identity.TokenService.Scopes.OfflineAccess, Identity.TokenService.Scopes.Api]);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _registered;

    public string RedirectUri => issuer.Url(WebSignIn.CallbackPath);

    public async Task EnsureRegisteredAsync(GuestAccessDb db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (_registered)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            var redirect = SpaceList.Of([RedirectUri]);
            var client = await db.Clients.SingleOrDefaultAsync(c => c.Id == Id, cancellationToken);
            if (client is null)
            {
                client = new OAuthClient(Id, "GuestAccess (web)", clock.GetUtcNow());
                db.Clients.Add(client);
            }

            client.DisplayName = "GuestAccess (web)";
            client.SecretHash = null;
            client.GrantTypes = Grants;
            client.Scopes = Scopes;
            client.RedirectUris = redirect;
            client.PostLogoutRedirectUris = SpaceList.Empty;
            client.IsDemo = false;
            await db.SaveChangesAsync(cancellationToken);
            _registered = true;
        }
        catch (DbUpdateException) when (!cancellationToken.IsCancellationRequested)
        {
            // Another server instance registered it at the same moment; the next sign-in checks again.
        }
        finally
        {
            _gate.Release();
        }
    }
}

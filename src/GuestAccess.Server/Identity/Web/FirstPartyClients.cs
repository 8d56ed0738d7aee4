using GuestAccess.Server.Identity.TokenService;
using GuestAccess.Server.Identity.TokenService.Model;
using GuestAccess.Server.Identity.TokenService.Validation;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Identity.Web;

/// <summary>Registers the web UI's own client (public, PKCE, redirect URIs at our own issuer) at start-up.</summary>
internal sealed class FirstPartyClients(IServiceScopeFactory scopes, TimeProvider clock) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuestAccessDb>();
        var client = await db.Clients.SingleOrDefaultAsync(c => c.Id == WebSignIn.ClientId, cancellationToken);
        if (client is null)
        {
            client = new OAuthClient(WebSignIn.ClientId, "GuestAccess web", clock.GetUtcNow());
            db.Clients.Add(client);
        }

        client.SecretHash = null;
        client.IsDemo = false;
        client.GrantTypes = SpaceList.Of([GrantTypes.AuthorizationCode]);
        client.Scopes = SpaceList.Of([Scopes.OpenId, Scopes.Profile, Scopes.Email]);
        client.RedirectUris = SpaceList.Of([RequireRegisteredRedirectUri.IssuerPlaceholder + WebSignIn.CallbackPath]);
        client.PostLogoutRedirectUris = SpaceList.Of([RequireRegisteredRedirectUri.IssuerPlaceholder + WebSignIn.SignedOutPath]);
        await db.SaveChangesAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

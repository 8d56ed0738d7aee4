using System.Text;
using GuestAccess.Server.Identity.Secrets;
using GuestAccess.Server.Identity.TokenService.Model;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Identity.TokenService.Validation;

/// <summary>
/// Authenticates the client of a token or revocation request: client_secret_basic,
/// client_secret_post, or none (a public client naming itself). Exactly one method per request.
/// </summary>
public sealed class ClientAuthentication(GuestAccessDb db, IHostEnvironment environment)
{
    public async Task<(OAuthClient? Client, OAuthFailure? Failure)> AuthenticateAsync(HttpContext http, IFormCollection form, CancellationToken cancellationToken)
    {
        var header = http.Request.Headers.Authorization.ToString();
        string? id = null, secret = null;
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            if (!TryDecodeBasic(header["Basic ".Length..], out id, out secret))
            {
                return (null, OAuthFailure.InvalidClient("The Basic authorization header is malformed."));
            }

            if (form.ContainsKey("client_secret"))
            {
                return (null, OAuthFailure.InvalidRequest("Use one client authentication method, not both Basic and client_secret."));
            }

            if (form.TryGetValue("client_id", out var formId) && formId.ToString() != id)
            {
                return (null, OAuthFailure.InvalidRequest("client_id in the form differs from the authenticated client."));
            }
        }
        else
        {
            id = Single(form, "client_id");
            secret = Single(form, "client_secret");
        }

        if (string.IsNullOrEmpty(id))
        {
            return (null, OAuthFailure.InvalidClient("The client is not identified (client_id)."));
        }

        var client = await db.Clients.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (client is null)
        {
            return (null, OAuthFailure.InvalidClient("Unknown client."));
        }

        if (client.IsPublic ? secret is not null : secret is null || !SecretHasher.Verify(secret, client.SecretHash!))
        {
            return (null, OAuthFailure.InvalidClient(client.IsPublic ? "A public client has no secret." : "Client authentication failed."));
        }

        if (client.IsDemo && environment.IsProduction())
        {
            return (null, OAuthFailure.UnauthorizedClient("Demo clients are refused in Production."));
        }

        return (client, null);
    }

    private static string? Single(IFormCollection form, string name) =>
        form.TryGetValue(name, out var values) && values.Count == 1 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;

    // RFC 6749 §2.3.1: id and secret are form-urlencoded, then joined with ':' and base64-encoded.
    private static bool TryDecodeBasic(string encoded, out string? id, out string? secret)
    {
        id = secret = null;
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(encoded.Trim()));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                return false;
            }

            id = Uri.UnescapeDataString(text[..colon].Replace('+', ' '));
            secret = Uri.UnescapeDataString(text[(colon + 1)..].Replace('+', ' '));
            return secret.Length > 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}

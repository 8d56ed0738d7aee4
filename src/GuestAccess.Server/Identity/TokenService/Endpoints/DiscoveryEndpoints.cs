using GuestAccess.Server.Identity.TokenService.Keys;

namespace GuestAccess.Server.Identity.TokenService.Endpoints;

/// <summary>OpenID Connect discovery and the JSON Web Key Set.</summary>
public static class DiscoveryEndpoints
{
    public static IResult Configuration(Issuer issuer, HttpContext http)
    {
        http.Response.Headers.CacheControl = "public, max-age=300";
        return Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = issuer.Value,
            ["authorization_endpoint"] = issuer.Url("/connect/authorize"),
            ["token_endpoint"] = issuer.Url("/connect/token"),
            ["revocation_endpoint"] = issuer.Url("/connect/revoke"),
            ["userinfo_endpoint"] = issuer.Url("/connect/userinfo"),
            ["end_session_endpoint"] = issuer.Url("/connect/endsession"),
            ["jwks_uri"] = issuer.Url("/.well-known/jwks.json"),
            ["scopes_supported"] = Scopes.All,
            ["response_types_supported"] = new[] { "code" },
            ["response_modes_supported"] = new[] { "query" },
            ["grant_types_supported"] = GrantTypes.All,
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { SigningKeyRing.Algorithm },
            ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_basic", "client_secret_post", "none" },
            ["revocation_endpoint_auth_methods_supported"] = new[] { "client_secret_basic", "client_secret_post", "none" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
            ["claims_supported"] = new[] { "sub", "iss", "aud", "exp", "iat", "auth_time", "amr", "nonce", "name", "email", "email_verified" },
            ["prompt_values_supported"] = new[] { "none", "login" },
            ["ui_locales_supported"] = new[] { "da", "en" },
            ["authorization_response_iss_parameter_supported"] = true,
            ["request_parameter_supported"] = false,
            ["request_uri_parameter_supported"] = false,
        });
    }

    public static IResult Jwks(SigningKeyRing keys, HttpContext http)
    {
        // Short cache: a new key is announced days before it signs, so clients always have it in time.
        http.Response.Headers.CacheControl = "public, max-age=300";
        return Results.Json(new { keys = keys.PublishedJwks.Select(k => new { k.Kty, k.Crv, k.X, k.Y, k.Kid, k.Use, k.Alg }) }, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web) { PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower });
    }
}

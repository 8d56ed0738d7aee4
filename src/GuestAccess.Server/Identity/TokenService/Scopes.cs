namespace GuestAccess.Server.Identity.TokenService;

/// <summary>The scopes the token service knows. Roles are not scopes: they live in the database.</summary>
public static class Scopes
{
    public const string OpenId = "openid";
    public const string Profile = "profile";
    public const string Email = "email";
    public const string OfflineAccess = "offline_access";

    /// <summary>Access to the GuestAccess API (audience <c>guestaccess-api</c>).</summary>
    public const string Api = "guestaccess.api";

    public static readonly string[] All = [OpenId, Profile, Email, OfflineAccess, Api];
}

/// <summary>OAuth grant types the token service supports (no password grant, on purpose).</summary>
public static class GrantTypes
{
    public const string AuthorizationCode = "authorization_code";
    public const string RefreshToken = "refresh_token";
    public const string ClientCredentials = "client_credentials";

    public static readonly string[] All = [AuthorizationCode, RefreshToken, ClientCredentials];
}

/// <summary>Claim names in our tokens beyond the registered JWT ones.</summary>
public static class TokenClaims
{
    public const string Scope = "scope";
    public const string ClientId = "client_id";
    public const string GrantId = "grant_id";
    public const string AuthTime = "auth_time";
    public const string Amr = "amr";
    public const string Nonce = "nonce";
    public const string Name = "name";
    public const string Email = "email";
    public const string EmailVerified = "email_verified";
    public const string Idp = "idp";
    public const string AccessTokenType = "at+jwt";
}

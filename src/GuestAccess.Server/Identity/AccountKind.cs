namespace GuestAccess.Server.Identity;

/// <summary>Who an account belongs to.</summary>
public enum AccountKind
{
    /// <summary>A person who signs in interactively (password, TOTP, or an upstream provider).</summary>
    Person,

    /// <summary>The identity of an integration client (client credentials); it can never sign in interactively.</summary>
    Service,
}

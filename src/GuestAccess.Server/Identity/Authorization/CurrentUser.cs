using GuestAccess.Domain.Identity;
using GuestAccess.Server.Identity.TokenService.Model;

namespace GuestAccess.Server.Identity.Authorization;

/// <summary>A role a caller holds, at one site or (SiteId null) at every site.</summary>
public sealed record RoleGrant(Role Role, Guid? SiteId);

/// <summary>
/// Who is calling, per request (scoped): identity from the token or session, roles and sites
/// from role_assignments at the time of the request — so a role change takes effect at once.
/// Use it in handlers and inside queries; never trust role claims in tokens.
/// </summary>
public sealed class CurrentUser
{
    private IReadOnlyList<RoleGrant> _roles = [];

    /// <summary>A valid token or session was presented.</summary>
    public bool IsAuthenticated { get; private set; }

    /// <summary>The local account (a person or a client's service account); null when anonymous or not linked.</summary>
    public Guid? UserId { get; private set; }

    public AccountKind? Kind { get; private set; }

    public string? DisplayName { get; private set; }

    /// <summary>The OAuth client the token was issued to.</summary>
    public string? ClientId { get; private set; }

    /// <summary>The issuer of the token (ours, or the configured external authority).</summary>
    public string? Issuer { get; private set; }

    public SpaceList Scopes { get; private set; } = SpaceList.Empty;

    /// <summary>The token came from our own token service (not an external authority).</summary>
    public bool FromOwnIssuer { get; private set; }

    public IReadOnlyList<RoleGrant> Roles => _roles;

    public bool HasAccount => UserId is not null;

    public bool IsCitizen => Has(Role.Citizen);

    public bool IsCaretaker => Has(Role.Caretaker);

    public bool IsAuditor => Has(Role.Auditor);

    public bool IsAdmin => Has(Role.Admin);

    /// <summary>Caretaker, auditor or admin.</summary>
    public bool IsStaff => IsCaretaker || IsAuditor || IsAdmin;

    /// <summary>Sites whose doors, locks and grants the caller manages: a caretaker's sites; every site for an admin.</summary>
    public SiteScope ManagedSites => IsAdmin ? SiteScope.Everything : Scope(Role.Caretaker);

    /// <summary>
    /// Sites whose audit log the caller may read: an auditor's sites (or all). Admins are not
    /// auditors by default (separation of duties); they can be given the auditor role, which is audited.
    /// </summary>
    public SiteScope AuditedSites => Scope(Role.Auditor);

    /// <summary>Sites the caller sees as staff: managed or audited.</summary>
    public SiteScope StaffSites => ManagedSites.All || AuditedSites.All
        ? SiteScope.Everything
        : new SiteScope(false, ManagedSites.Ids.Concat(AuditedSites.Ids).ToHashSet());

    public bool CanManageSite(Guid siteId) => ManagedSites.Contains(siteId);

    public bool CanAuditSite(Guid siteId) => AuditedSites.Contains(siteId);

    public bool CanSeeSiteAsStaff(Guid siteId) => StaffSites.Contains(siteId);

    /// <summary>True when the row belongs to the caller (a citizen's own booking, key or entries).</summary>
    public bool Owns(Guid userId) => UserId == userId;

    /// <summary>The caller's account id; only for endpoints that already required an account.</summary>
    public Guid RequiredUserId => UserId ?? throw new InvalidOperationException("The endpoint did not require an authenticated account.");

    public bool Has(Role role) => _roles.Any(r => r.Role == role);

    internal void SetAuthenticated(string issuer, bool ownIssuer, string? clientId, SpaceList scopes)
    {
        IsAuthenticated = true;
        FromOwnIssuer = ownIssuer;
        Issuer = issuer;
        ClientId = clientId;
        Scopes = scopes;
    }

    internal void SetAccount(Guid userId, AccountKind kind, string displayName, IReadOnlyList<RoleGrant> roles)
    {
        UserId = userId;
        Kind = kind;
        DisplayName = displayName;
        _roles = roles;
    }

    private SiteScope Scope(Role role)
    {
        var grants = _roles.Where(r => r.Role == role).ToArray();
        return grants.Any(g => g.SiteId is null) ? SiteScope.Everything
            : new SiteScope(false, grants.Select(g => g.SiteId!.Value).ToHashSet());
    }
}

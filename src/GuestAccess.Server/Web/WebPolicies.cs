using GuestAccess.Server.Identity.Authorization;
using GuestAccess.Server.Identity.Web;
using Microsoft.AspNetCore.Authorization;

namespace GuestAccess.Server.Web;

/// <summary>
/// Who may open each folder of pages. The web session (identity's <see cref="WebSignIn"/>) is
/// resolved to a <see cref="CurrentUser"/> like a bearer token (roles from the database), so the
/// same rules hold as in the API:
/// a role opens the folder (403 otherwise), and each page then scopes its queries to the caller's
/// sites or own data (404 for anything else).
/// </summary>
public static class WebPolicies
{
    public const string SignedIn = "web:signed-in";
    public const string Citizen = "web:citizen";
    public const string Caretaker = "web:caretaker";
    public const string Auditor = "web:auditor";
    public const string Admin = "web:admin";

    public static void Add(AuthorizationOptions options)
    {
        Policy(options, SignedIn, c => c.HasAccount);
        Policy(options, Citizen, c => c.HasAccount && c.IsCitizen);
        Policy(options, Caretaker, c => c.HasAccount && (c.IsCaretaker || c.IsAdmin));
        Policy(options, Auditor, c => c.HasAccount && c.IsAuditor);
        Policy(options, Admin, c => c.HasAccount && c.IsAdmin);
    }

    private static void Policy(AuthorizationOptions options, string name, Func<CurrentUser, bool> allowed) =>
        options.AddPolicy(name, p => p.AddAuthenticationSchemes(WebSignIn.Scheme).RequireAuthenticatedUser().AddRequirements(new CallerRequirement(name, allowed)));
}

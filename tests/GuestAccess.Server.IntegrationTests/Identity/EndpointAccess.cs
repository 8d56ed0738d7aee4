using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace GuestAccess.Server.IntegrationTests.Identity;

/// <summary>What one caller gets from an endpoint: an HTTP status.</summary>
public delegate int Expectation(Caller caller);

/// <summary>
/// The declared access of EVERY endpoint the server maps. An endpoint added without a line here
/// fails <see cref="EndpointMatrixTests.EveryEndpoint_HasADeclaredExpectation"/>. To add one:
/// declare its method and route pattern (as mapped), a request (path and body) and who gets
/// what — <see cref="Public"/>, <see cref="SignedIn"/>, <see cref="Only"/> or
/// <see cref="Scoped"/> — or <see cref="Exempt"/> with the reason and the tests that cover it.
/// </summary>
public static partial class EndpointAccess
{
    public static readonly string[] Citizens = ["citizen", "citizen2", "young-citizen"];
    public static readonly string[] People = [.. Citizens, "caretaker-dokk1", "caretaker-syd", "auditor-all", "auditor-dokk1", "admin"];
    public static readonly string[] Accounts = [.. People, "demo-integration"];
    public static readonly string[] Auditors = ["auditor-all", "auditor-dokk1"];

    public static readonly IReadOnlyList<Declared> All =
    [
        Declare("GET /health/live", "/health/live", Public),
        Declare("GET /health/ready", "/health/ready", Public),
        Declare("GET /openapi/{documentName}.json", "/openapi/v1.json", Public),
        Declare("GET /api/v1/sites/", "/api/v1/sites", Public),
        Declare("GET /api/v1/sites/{site}", "/api/v1/sites/dokk1", Public),
        Declare("GET /api/v1/sites/{site}/opening-hours", "/api/v1/sites/dokk1/opening-hours", Public),
        Declare("GET /api/v1/rooms", "/api/v1/rooms", Public),
        Declare("GET /api/v1/rooms/{room}", "/api/v1/rooms/dokk1-store-sal", Public),
        Declare("GET /api/v1/sites/{site}/rooms", "/api/v1/sites/dokk1/rooms", Public),
        Declare("GET /.well-known/openid-configuration", "/.well-known/openid-configuration", Public),
        Declare("GET /.well-known/jwks.json", "/.well-known/jwks.json", Public),

        Declare("GET /api/v1/me/", "/api/v1/me", SignedIn),
        Declare("GET /connect/userinfo", "/connect/userinfo", Only(People)),
        Declare("POST /connect/userinfo", "/connect/userinfo", Only(People), body: new { }),
        Declare("GET /api/v1/sites/{site}/staff/", "/api/v1/sites/dokk1/staff", Scoped(allowed: ["caretaker-dokk1", "auditor-all", "auditor-dokk1", "admin", "demo-integration"], hidden: ["caretaker-syd"])),
        Declare("GET /api/v1/admin/users/", "/api/v1/admin/users", Only("admin")),
        Declare("PUT /api/v1/admin/users/{id:guid}/roles", $"/api/v1/admin/users/{MatrixFixture.UserId("citizen2")}/roles", Only("admin"), body: new { roles = new[] { new { role = "citizen" } } }),

        Declare("GET /api/v1/sites/{site}/locks", "/api/v1/sites/dokk1/locks", Scoped(LockManagers, ["caretaker-syd"])),
        Declare("POST /api/v1/sites/{site}/lockdown", "/api/v1/sites/dokk1/lockdown", Succeeds(202, Scoped(LockManagers, ["caretaker-syd"])), body: new { reason = "Matrix test" }),
        Declare("DELETE /api/v1/sites/{site}/lockdown", "/api/v1/sites/dokk1/lockdown", Succeeds(202, Scoped(LockManagers, ["caretaker-syd"]))),
        Declare("GET /api/v1/locks/{lock}/", "/api/v1/locks/dokk1-hovedindgang", Scoped(LockManagers, ["caretaker-syd"])),
        Declare("POST /api/v1/locks/{lock}/remote-unlock", "/api/v1/locks/dokk1-hovedindgang/remote-unlock", Succeeds(202, Scoped(LockManagers, ["caretaker-syd"])), body: new { reason = "Matrix test" }),
        Declare("POST /api/v1/admin/locks/", "/api/v1/admin/locks", Succeeds(409, Only("admin")), body: new { door = "dokk1-hovedindgang", lockId = "dokk1-hovedindgang" }),
        Declare("POST /api/v1/admin/locks/{lock}/provision", "/api/v1/admin/locks/viby-salen-doer/provision", Only("admin")),
        Declare("POST /api/v1/admin/locks/{lock}/decommission", "/api/v1/admin/locks/aaby-salen-doer/decommission", Succeeds(204, Only("admin"))),
        Exempt("GET /api/v1/locks/{lock}/remote-unlocks/{id:long}", "needs a remote unlock created first; LocksApiTests call it with every relevant role"),

        .. BookingEndpoints,
        .. AdministrationEndpoints,

        Declare("GET /api/v1/audit/public-keys", "/api/v1/audit/public-keys", Public),
        Declare("GET /api/v1/audit/checkpoints", "/api/v1/audit/checkpoints", Public),
        Declare("GET /api/v1/audit/records", "/api/v1/audit/records", Only(Auditors)),
        Declare("GET /api/v1/audit/records/csv", "/api/v1/audit/records/csv", Only(Auditors)),
        Declare("GET /api/v1/audit/entries", "/api/v1/audit/entries", Only(Auditors)),
        Declare("GET /api/v1/audit/entries/csv", "/api/v1/audit/entries/csv", Only(Auditors)),
        Declare("GET /api/v1/audit/entries/{sequence:long}/explanation", "/api/v1/audit/entries/999999/explanation", c => !c.Valid ? 401 : Auditors.Contains(c.Name) ? 404 : 403),
        Declare("GET /api/v1/audit/rooms/{room}/who-could-enter", "/api/v1/audit/rooms/dokk1-store-sal/who-could-enter?from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z", Only(Auditors)),
        Declare("POST /api/v1/audit/verifications", "/api/v1/audit/verifications", Only(Auditors), body: new { }),
        Declare("GET /api/v1/audit/export", "/api/v1/audit/export", Only("auditor-all")),
        Declare("GET /api/v1/me/entries/", "/api/v1/me/entries", Only(Citizens)),

        Exempt("GET /connect/authorize", "browser flow; CodeFlowTests and the openid-client interop test"),
        Exempt("POST /connect/authorize", "browser flow; CodeFlowTests"),
        Exempt("POST /connect/token", "client authentication, not bearer tokens; CodeFlowTests"),
        Exempt("POST /connect/revoke", "client authentication; CodeFlowTests"),
        Exempt("GET /connect/endsession", "browser flow; LogoutTests"),
        Exempt("POST /connect/endsession", "browser flow; LogoutTests"),
        Exempt("GET /account/", "token service session cookie, not bearer tokens; SignInTests"),
        Exempt("GET /account/login", "sign-in page; SignInTests"),
        Exempt("POST /account/login", "sign-in form (antiforgery); SignInTests"),
        Exempt("GET /account/login/totp", "sign-in step; SignInTests (TOTP)"),
        Exempt("POST /account/login/totp", "sign-in step; SignInTests (TOTP)"),
        Exempt("GET /account/login/totp-setup", "sign-in step; SignInTests (TOTP)"),
        Exempt("POST /account/login/totp-setup", "sign-in step; SignInTests (TOTP)"),
        Exempt("GET /account/totp", "session cookie; SignInTests (TOTP)"),
        Exempt("POST /account/totp", "session cookie; SignInTests (TOTP)"),
        Exempt("GET /account/logout", "sign-out page; LogoutTests"),
        Exempt("POST /account/logout", "sign-out form; LogoutTests"),
        Exempt("GET /account/logged-out", "static page; LogoutTests"),
        Exempt("GET /signin", "web UI sign-in (browser flow); WebSignInTests"),
        Exempt("GET /signin-oidc", "web UI sign-in callback (state cookie); WebSignInTests"),
        Exempt("GET /signout", "web UI sign-out; WebSignInTests"),
        Exempt("POST /signout", "web UI sign-out; WebSignInTests"),
        Exempt("GET /web/me", "web cookie session, never bearer tokens (401 naming /signin); WebSignInTests"),
        Exempt("GET /account/external/{name}", "browser flow to an upstream provider; FederationTests"),
        Exempt("GET /signin-upstream/{name}", "the upstream provider's redirect back (state cookie); FederationTests"),
        .. WebUi,
    ];

    /// <summary>Anyone, with or without a token (a bad token on a public endpoint is ignored, not an error).</summary>
    public static int Public(Caller caller) => 200;

    /// <summary>Any caller with a valid token and an account.</summary>
    public static int SignedIn(Caller caller) => caller.Valid ? 200 : 401;

    /// <summary>The named callers get 200, other valid callers 403 (wrong role), invalid tokens 401.</summary>
    public static Expectation Only(params string[] allowed) => c => !c.Valid ? 401 : allowed.Contains(c.Name) ? 200 : 403;

    /// <summary>A site-scoped endpoint: allowed callers 200; staff of other sites 404 (may not see it); other roles 403.</summary>
    public static Expectation Scoped(string[] allowed, string[] hidden) => c => !c.Valid ? 401 : allowed.Contains(c.Name) ? 200 : hidden.Contains(c.Name) ? 404 : 403;

    private static Declared Declare(string endpoint, string path, Expectation expect, object? body = null) => new(endpoint, path, body, expect, null);

    private static Declared Exempt(string endpoint, string reason) => new(endpoint, null, null, null, reason);

    public sealed record Declared(string Endpoint, string? Path, object? Body, Expectation? Expect, string? ExemptBecause)
    {
        public string Method => Endpoint[..Endpoint.IndexOf(' ', StringComparison.Ordinal)];

        public HttpRequestMessage Request(string? token)
        {
            var request = new HttpRequestMessage(new HttpMethod(Method), Path);
            if (Body is not null)
            {
                request.Content = JsonContent.Create(Body);
            }

            if (token is not null)
            {
                request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            }

            return request;
        }

        public override string ToString() => Endpoint;
    }

    [GeneratedRegex("^[A-Z]+ /")]
    public static partial Regex EndpointShape();
}

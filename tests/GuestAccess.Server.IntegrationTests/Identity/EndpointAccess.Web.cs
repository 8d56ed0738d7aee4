namespace GuestAccess.Server.IntegrationTests.Identity;

/// <summary>The web UI's endpoints (see <see cref="EndpointAccess.All"/>).</summary>
public static partial class EndpointAccess
{
    private const string WebPage = "web page: the web session cookie (never a bearer token) and antiforgery on forms; GuestAccess.Web.Tests drive it in a real browser";

    /// <summary>
    /// Razor Pages: they ignore bearer tokens by design (identity's web session only), so the
    /// bearer matrix does not apply (a property: <see cref="All"/> is initialized first).
    /// </summary>
    public static IEnumerable<Declared> WebUi =>
    [
        Exempt("GET /", WebPage),
        Exempt("GET /accessibility", WebPage),
        Exempt("GET /privacy", WebPage),
        Exempt("GET /rooms", WebPage),
        Exempt("GET /book", WebPage),
        Exempt("GET /my/bookings", WebPage),
        Exempt("GET /my/bookings/{id:guid}", WebPage),
        Exempt("GET /my/entries", WebPage),
        Exempt("GET /caretaker", WebPage),
        Exempt("GET /caretaker/sites/{site}", WebPage),
        Exempt("GET /caretaker/locks/{lock}", WebPage),
        Exempt("GET /caretaker/grants", WebPage),
        Exempt("GET /caretaker/grants/new", WebPage),
        Exempt("GET /caretaker/grants/{id:guid}", WebPage),
        Exempt("GET /audit", WebPage),
        Exempt("GET /audit/who", WebPage),
        Exempt("GET /audit/verify", WebPage),
        Exempt("GET /audit/entries/{sequence:long}", WebPage),
        Exempt("GET /admin", WebPage),
        Exempt("GET /admin/sites/{site}", WebPage),
        Exempt("GET /admin/sites/{site}/settings", WebPage),
        Exempt("GET /admin/sites/{site}/hours", WebPage),
        Exempt("GET /admin/sites/{site}/rooms/{room}", WebPage),
        Exempt("GET /admin/sites/{site}/doors/{door}", WebPage),
        Exempt("GET /admin/users", WebPage),
        Exempt("GET /admin/users/{id:guid}", WebPage),
        Exempt("GET /error/{status:int}", WebPage),
        Exempt("GET /language/{code}", "sets the language cookie and returns to a same-site page; GuestAccess.Web.Tests"),
    ];
}

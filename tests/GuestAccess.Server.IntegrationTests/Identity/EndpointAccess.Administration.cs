namespace GuestAccess.Server.IntegrationTests.Identity;

/// <summary>
/// Expectations of the administration of sites, opening hours, rooms and doors (see <see cref="EndpointAccess.All"/>).
/// The matrix changes nothing: past the access check an administrator meets the validation
/// (400) or an unknown room or door (404); SiteAdministrationTests cover what the changes do.
/// </summary>
public static partial class EndpointAccess
{
    private static readonly object BadHours = new { weekly = new[] { new { day = "monday", periods = new[] { new { start = "25:00", end = "26:00", kind = "staffed" } } } } };

    /// <summary>A property, not a field: <see cref="All"/> spreads it while it is being initialized.</summary>
    public static IReadOnlyList<Declared> AdministrationEndpoints =>
    [
        Declare("POST /api/v1/admin/sites/", "/api/v1/admin/sites", AdminThen(400), body: new { }),
        Declare("PUT /api/v1/admin/sites/{site}", "/api/v1/admin/sites/dokk1", AdminThen(400), body: new { }),
        Declare("PUT /api/v1/admin/sites/{site}/opening-hours", "/api/v1/admin/sites/dokk1/opening-hours", AdminThen(400), body: BadHours),
        Declare("POST /api/v1/admin/sites/{site}/rooms", "/api/v1/admin/sites/dokk1/rooms", AdminThen(400), body: new { }),
        Declare("PUT /api/v1/admin/rooms/{room}", "/api/v1/admin/rooms/dokk1-store-sal", AdminThen(400), body: new { }),
        Declare("DELETE /api/v1/admin/rooms/{room}", "/api/v1/admin/rooms/no-such-room", AdminThen(404)),
        Declare("POST /api/v1/admin/sites/{site}/doors", "/api/v1/admin/sites/dokk1/doors", AdminThen(400), body: new { }),
        Declare("PUT /api/v1/admin/doors/{door}", "/api/v1/admin/doors/dokk1-hovedindgang", AdminThen(400), body: new { }),
        Declare("DELETE /api/v1/admin/doors/{door}", "/api/v1/admin/doors/no-such-door", AdminThen(404)),
    ];

    /// <summary>Administrators get past the access check and then <paramref name="status"/>; other accounts 403; invalid tokens 401.</summary>
    public static Expectation AdminThen(int status) => c => !c.Valid ? 401 : c.Name == "admin" ? status : 403;
}

namespace GuestAccess.Server.IntegrationTests.Identity;

/// <summary>Expectations of the bookings and keys endpoints (see <see cref="EndpointAccess.All"/>).</summary>
public static partial class EndpointAccess
{
    private const string NoSuchId = "00000000-0000-0000-0000-00000000b00c";

    /// <summary>A property, not a field: <see cref="All"/> spreads it while it is being initialized.</summary>
    public static IReadOnlyList<Declared> BookingEndpoints =>
    [
        Declare("GET /api/v1/rooms/{room}/availability", "/api/v1/rooms/dokk1-lille-sal/availability?days=2", Public),
        Declare("GET /api/v1/sites/{site}/availability", "/api/v1/sites/dokk1/availability?days=1", Public),
        Declare("GET /api/v1/bookings/", "/api/v1/bookings", Only(Citizens)),

        // Past the access check a citizen meets the booking's own rules: an unknown id is
        // booking_not_found, an empty body validation_failed (nothing is created by the matrix).
        Declare("GET /api/v1/bookings/{id:guid}", $"/api/v1/bookings/{NoSuchId}", CitizensThen(404)),
        Declare("POST /api/v1/bookings/", "/api/v1/bookings", CitizensThen(400), body: new { }),
        Declare("POST /api/v1/bookings/{id:guid}/cancel", $"/api/v1/bookings/{NoSuchId}/cancel", CitizensThen(404), body: new { }),
        Declare("POST /api/v1/bookings/{id:guid}/reschedule", $"/api/v1/bookings/{NoSuchId}/reschedule", CitizensThen(404), body: new { start = "2030-01-07T18:00:00Z", end = "2030-01-07T19:00:00Z" }),
        Declare("GET /api/v1/sites/{site}/bookings/", "/api/v1/sites/dokk1/bookings", Scoped(allowed: LockManagers, hidden: ["caretaker-syd"])),

        Declare("GET /api/v1/keys/", "/api/v1/keys", Only(Citizens)),
        Declare("GET /api/v1/keys/{id:guid}", $"/api/v1/keys/{NoSuchId}", CitizensThen(404)),
        Declare("GET /api/v1/keys/{id:guid}/mobile-key", $"/api/v1/keys/{NoSuchId}/mobile-key", CitizensThen(404)),
        Declare("GET /api/v1/keys/{id:guid}/mobile-key.png", $"/api/v1/keys/{NoSuchId}/mobile-key.png", CitizensThen(404)),
        Declare("GET /api/v1/keys/{id:guid}/mobile-key.svg", $"/api/v1/keys/{NoSuchId}/mobile-key.svg", CitizensThen(404)),
        Declare("POST /api/v1/keys/{id:guid}/pin", $"/api/v1/keys/{NoSuchId}/pin", CitizensThen(404), body: new { }),

        // Caretakers' grants: scoped inside each query, so unknown ids are not found and empty bodies invalid.
        Declare("POST /api/v1/grants/", "/api/v1/grants", CaretakersThen(400), body: new { }),
        Declare("GET /api/v1/grants/", "/api/v1/grants", CaretakersThen(200)),
        Declare("GET /api/v1/grants/{id:guid}", $"/api/v1/grants/{NoSuchId}", CaretakersThen(404)),
        Declare("PUT /api/v1/grants/{id:guid}", $"/api/v1/grants/{NoSuchId}", CaretakersThen(400), body: new { }),
        Declare("POST /api/v1/grants/{id:guid}/revoke", $"/api/v1/grants/{NoSuchId}/revoke", CaretakersThen(404), body: new { reason = "Matrix test" }),
        Declare("POST /api/v1/grants/{id:guid}/pin", $"/api/v1/grants/{NoSuchId}/pin", CaretakersThen(404), body: new { }),
        Declare("GET /api/v1/guests/", "/api/v1/guests", CaretakersThen(200)),
        Declare("GET /api/v1/guests/{id:guid}", $"/api/v1/guests/{NoSuchId}", CaretakersThen(404)),
        Declare("POST /api/v1/guests/{id:guid}/revoke-all", $"/api/v1/guests/{NoSuchId}/revoke-all", CaretakersThen(404), body: new { reason = "Matrix test" }),
        Declare("POST /api/v1/citizens/{id:guid}/revoke-all", $"/api/v1/citizens/{NoSuchId}/revoke-all", CaretakersThen(404), body: new { reason = "Matrix test" }),
        Declare("POST /api/v1/sites/{site}/emergency-revoke", "/api/v1/sites/dokk1/emergency-revoke", Scoped(LockManagers, ["caretaker-syd"]), body: new { reason = "Matrix test" }),
        Declare("GET /api/v1/dev/inbox/", "/api/v1/dev/inbox", Only("admin")),
    ];

    /// <summary>Every caretaker (of any site), the integration acting as one, and admins.</summary>
    public static string[] Caretakers => ["caretaker-dokk1", "caretaker-syd", "demo-integration", "admin"];

    /// <summary>Caretakers and admins get past the access check and then <paramref name="status"/>; other accounts 403; invalid tokens 401.</summary>
    public static Expectation CaretakersThen(int status) => c => !c.Valid ? 401 : Caretakers.Contains(c.Name) ? status : 403;

    /// <summary>Citizens get past the access check and then <paramref name="status"/>; other accounts 403; invalid tokens 401.</summary>
    public static Expectation CitizensThen(int status) => c => !c.Valid ? 401 : Citizens.Contains(c.Name) ? status : 403;
}

namespace GuestAccess.Server.IntegrationTests.Identity;

/// <summary>Expectations of the lock fleet's endpoints (see <see cref="EndpointAccess.All"/>).</summary>
public static partial class EndpointAccess
{
    /// <summary>Who manages the doors of Dokk1: its caretaker, the integration acting as one, and admins (a property: <see cref="All"/> is initialized first).</summary>
    public static string[] LockManagers => ["caretaker-dokk1", "demo-integration", "admin"];

    /// <summary>An expectation whose success answer is <paramref name="status"/> (202 Accepted, 204, or a business-rule 409 past the access check) instead of 200.</summary>
    public static Expectation Succeeds(int status, Expectation access) => c => access(c) is 200 ? status : access(c);
}

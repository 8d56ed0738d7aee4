namespace GuestAccess.Server.Identity.Authorization;

/// <summary>
/// Route-group extensions that set who may call a group, once: a bearer token is required
/// (401 without a valid one) and the caller's roles, read from the database, must match (403
/// otherwise). Site scoping is then enforced inside each query with <see cref="CurrentUser"/>.
/// </summary>
public static class AccessExtensions
{
    /// <summary>Any caller with an account (a person or an integration's service account).</summary>
    public static TBuilder RequireSignedIn<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => Require(builder, AccessPolicies.SignedIn);

    /// <summary>Citizens (their own bookings, keys and entries).</summary>
    public static TBuilder RequireCitizen<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => Require(builder, AccessPolicies.Citizen);

    /// <summary>Caretakers, auditors and admins; scope each query with <see cref="CurrentUser.StaffSites"/>.</summary>
    public static TBuilder RequireStaff<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => Require(builder, AccessPolicies.Staff);

    /// <summary>Caretakers and admins; scope each query with <see cref="CurrentUser.ManagedSites"/>.</summary>
    public static TBuilder RequireCaretaker<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => Require(builder, AccessPolicies.Caretaker);

    /// <summary>Auditors; scope each query with <see cref="CurrentUser.AuditedSites"/>.</summary>
    public static TBuilder RequireAuditor<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => Require(builder, AccessPolicies.Auditor);

    /// <summary>Administrators.</summary>
    public static TBuilder RequireAdmin<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => Require(builder, AccessPolicies.Admin);

    private static TBuilder Require<TBuilder>(TBuilder builder, string policy)
        where TBuilder : IEndpointConventionBuilder => builder.RequireAuthorization(policy);
}

using System.Linq.Expressions;

namespace GuestAccess.Server.Identity.Authorization;

/// <summary>A set of sites a caller may act on: all of them, or some.</summary>
public sealed record SiteScope(bool All, IReadOnlySet<Guid> Ids)
{
    public static readonly SiteScope None = new(false, new HashSet<Guid>());

    public static readonly SiteScope Everything = new(true, new HashSet<Guid>());

    public bool IsEmpty => !All && Ids.Count == 0;

    public bool Contains(Guid siteId) => All || Ids.Contains(siteId);
}

/// <summary>Access enforced inside the query, so what the caller may not see is simply not found (404).</summary>
public static class SiteScopeQueries
{
    /// <summary>Keeps the rows whose site is in the scope: <c>db.Locks.WhereSiteIn(caller.ManagedSites, l =&gt; l.SiteId)</c>.</summary>
    public static IQueryable<T> WhereSiteIn<T>(this IQueryable<T> source, SiteScope scope, Expression<Func<T, Guid>> site)
    {
        if (scope.All)
        {
            return source;
        }

        var ids = scope.Ids.ToList();
        var contains = Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [typeof(Guid)], Expression.Constant(ids), site.Body);
        return source.Where(Expression.Lambda<Func<T, bool>>(contains, site.Parameters));
    }

    /// <summary>The same for an optional site (rows without a site are kept only for an all-sites scope).</summary>
    public static IQueryable<T> WhereSiteIn<T>(this IQueryable<T> source, SiteScope scope, Expression<Func<T, Guid?>> site)
    {
        if (scope.All)
        {
            return source;
        }

        var ids = scope.Ids.Select(i => (Guid?)i).ToList();
        var contains = Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [typeof(Guid?)], Expression.Constant(ids), site.Body);
        return source.Where(Expression.Lambda<Func<T, bool>>(contains, site.Parameters));
    }
}

using GuestAccess.Server.Identity.Authorization;
using GuestAccess.Server.Infrastructure.Problems;
using GuestAccess.Server.Infrastructure.Validation;
using GuestAccess.Server.Persistence;
using GuestAccess.Server.Rooms;
using GuestAccess.Server.Sites;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Notifications;

public sealed record DevInboxMessageDto(Guid Id, SiteRefDto Site, NotificationChannel Channel, string Recipient, string Subject, string Text, string? MobileKey, DateTimeOffset ReceivedAt);

/// <summary>Query of the development inbox: one site, or messages to one recipient; newest first.</summary>
public sealed record DevInboxQuery(string? Site, string? Recipient) : IValidatable
{
    public IDictionary<string, string[]> Validate() => new ValidationErrors()
        .When(Recipient is { Length: > Notification.MaxRecipientLength }, "recipient", $"recipient has at most {Notification.MaxRecipientLength} characters.")
        .ToDictionary();
}

/// <summary>
/// GET /api/v1/dev/inbox: what guests would have received while the development inbox stands in
/// for their phones and mailboxes. It holds PINs and mobile keys meant for the guest alone, so
/// only admins read it (a caretaker never sees a guest's PIN), and only while a channel is
/// configured to use it (else 404 dev_inbox_disabled): a development and demo tool.
/// </summary>
public static class DevInboxApi
{
    public const int PageSize = 100;

    public static RouteGroupBuilder MapDevInbox(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/dev/inbox").WithTags("Notifications").RequireAdmin().WithValidation();
        group.MapGet("/", ListAsync).WithName("ListDevInbox").WithSummary("Admins: messages the development inbox received (newest 100; ?site=, ?recipient=)");
        return group;
    }

    private static async Task<Results<Ok<DevInboxMessageDto[]>, ProblemHttpResult>> ListAsync(
        [AsParameters] DevInboxQuery query, CurrentUser caller, GuestAccessDb db, NotificationProtector protector, IOptions<NotificationOptions> options, HttpContext context, CancellationToken cancellationToken)
    {
        if (!options.Value.UsesDevInbox)
        {
            return ApiProblem.Of(context, ErrorCatalog.DevInboxDisabled);
        }

        var messages = db.DevInboxMessages().AsNoTracking().WhereSiteIn(caller.ManagedSites, m => m.SiteId);
        if (query.Site is { } site)
        {
            var siteId = await db.Sites.AsNoTracking().WhereKey(site).Select(s => (Guid?)s.Id).SingleOrDefaultAsync(cancellationToken);
            messages = messages.Where(m => m.SiteId == siteId);
        }

        if (query.Recipient is { } recipient)
        {
            messages = messages.Where(m => m.Recipient == recipient);
        }

        var found = await messages.OrderByDescending(m => m.ReceivedAt).Take(PageSize).ToListAsync(cancellationToken);
        var siteIds = found.Select(m => m.SiteId).Distinct().ToList();
        var sites = await db.Sites.AsNoTracking().Where(s => siteIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => new SiteRefDto(s.Id, s.Slug, s.Name), cancellationToken);
        return TypedResults.Ok(found.Select(m =>
        {
            var body = protector.Unprotect(m.ProtectedBody);
            return new DevInboxMessageDto(m.Id, sites[m.SiteId], m.Channel, m.Recipient, m.Subject, body.Text, body.MobileKey, m.ReceivedAt);
        }).ToArray());
    }
}

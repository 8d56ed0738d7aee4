using System.Net.Http.Json;
using GuestAccess.Server.IntegrationTests.Bookings.Support;
using GuestAccess.Server.IntegrationTests.Infrastructure;

namespace GuestAccess.Server.IntegrationTests.Grants.Support;

// What tests read from the grants API, written independently of the server's DTOs.
public sealed record HolderView(string Kind, Guid Id, string Name, string? Organisation, string? Phone, string? Email, bool Anonymised);

public sealed record GrantView(KeyView Key, HolderView Holder, string? Reason, Guid IssuedBy, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, Guid? RevokedBy, string? RevokeReason);

public sealed record HolderRevokedView(string Kind, Guid Id, int Revoked, Guid[] Grants);

public sealed record GuestView(Guid Id, Guid SiteId, string Name, string? Organisation, string? Phone, string? Email, DateTimeOffset CreatedAt, DateTimeOffset? AnonymisedAt);

public sealed record InboxMessageView(Guid Id, SiteRefView Site, string Channel, string Recipient, string Subject, string Text, string? MobileKey, DateTimeOffset ReceivedAt);

public static class GrantRequests
{
    public const string Caretaker = "pedel.dokk1@demo.guestaccess.dk";
    public const string OtherCaretaker = "pedel.syd@demo.guestaccess.dk";

    public static object Guest(string tag, bool phone = true, bool email = true) => new
    {
        name = $"Gæst {tag}",
        phone = phone ? $"+45 {Random.Shared.Next(20_000_000, 99_999_999)}" : null,
        email = email ? $"gaest-{tag}@example.org" : null,
        organisation = "Rengøring A/S",
    };

    public static async Task<HttpResponseMessage> CreateAsync(HttpClient client, object guest, string[] doors, DateTimeOffset from, DateTimeOffset until, object[]? schedule = null, string reason = "Rengøring om aftenen") =>
        await client.PostAsJsonAsync("/api/v1/grants", new { guest, doors, validFrom = from, validUntil = until, schedule, reason });

    public static async Task<GrantView> CreateOkAsync(HttpClient client, object guest, string[] doors, DateTimeOffset from, DateTimeOffset until, object[]? schedule = null)
    {
        using var response = await CreateAsync(client, guest, doors, from, until, schedule);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<GrantView>(TestServer.Json))!;
    }

    public const string Admin = "admin@demo.guestaccess.dk";

    /// <summary>Waits until the development inbox (an admin reads it) holds <paramref name="count"/> messages to <paramref name="recipient"/>.</summary>
    public static async Task<InboxMessageView[]> InboxAsync(BookingFixture fixture, string recipient, int count)
    {
        using var admin = await fixture.ClientAsync(Admin);
        return await Await.UntilAsync(
            async () => (await admin.GetFromJsonAsync<InboxMessageView[]>($"/api/v1/dev/inbox?recipient={Uri.EscapeDataString(recipient)}", TestServer.Json))!,
            m => m.Length >= count,
            $"{count} messages to the guest");
    }
}

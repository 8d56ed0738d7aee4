using System.Text.RegularExpressions;
using GuestAccess.Domain.Time;
using GuestAccess.Server.Grants;
using GuestAccess.Server.Identity.Authorization;
using GuestAccess.Server.IntegrationTests.Bookings.Support;
using GuestAccess.Server.IntegrationTests.Infrastructure;
using GuestAccess.Server.Notifications;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GuestAccess.Server.IntegrationTests.Notifications;

/// <summary>The guest's key leaves through the configured gateways: a real HTTP SMS API and a real SMTP conversation.</summary>
public sealed partial class GatewayTests
{
    [Fact]
    public async Task HttpSms_ProviderFailsOnceThenAccepts_TheGuestGetsThePinAndTheBodyIsDeleted()
    {
        await using var provider = await SmsProvider.StartAsync(503);
        await using var server = await StartAsync(
            "--Notifications:Sms:Gateway=Http", $"--Notifications:Sms:Http:Url={provider.Url}", "--Notifications:Sms:Http:ApiKey=test-api-key",
            "--Notifications:RetryMinDelay=00:00:00.100");

        var grant = await GrantAsync(server, phone: "+45 2233 4455", email: null);

        var sent = await Await.UntilAsync(() => NotificationsAsync(server, grant), n => n.Count == 1 && n[0].Status == NotificationStatus.Sent, "the SMS to be sent");
        Assert.Equal((2, (string?)null), (sent[0].Attempts, sent[0].ProtectedBody));
        Assert.Equal(2, provider.Received.Count);
        var (authorization, body) = provider.Received.Last();
        Assert.Equal("Bearer test-api-key", authorization);
        Assert.Equal("+4522334455", body.GetProperty("to").GetString());
        Assert.Matches(PinPattern(), body.GetProperty("text").GetString());
        Assert.Single(server.Logs.Entries, e => e.EventId.Id == 6101);
        Assert.DoesNotContain(server.Logs.Entries, e => e.Message.Contains("4455", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HttpSms_ProviderAlwaysFails_GivesUpAfterMaxAttemptsAndDeletesTheBody()
    {
        await using var provider = await SmsProvider.StartAsync(500, 500, 500, 500);
        await using var server = await StartAsync(
            "--Notifications:Sms:Gateway=Http", $"--Notifications:Sms:Http:Url={provider.Url}", "--Notifications:Sms:Http:ApiKey=k",
            "--Notifications:RetryMinDelay=00:00:00.050", "--Notifications:MaxAttempts=3");
        server.ExpectedErrorEvents.Add(6102);

        var grant = await GrantAsync(server, phone: "+4599887766", email: null);

        var failed = await Await.UntilAsync(() => NotificationsAsync(server, grant), n => n.Count == 1 && n[0].Status == NotificationStatus.Failed, "the SMS to be given up");
        Assert.Equal((3, (string?)null, "sms_gateway_http_500"), (failed[0].Attempts, failed[0].ProtectedBody, failed[0].LastError));
        Assert.Equal(3, provider.Received.Count);
    }

    [Fact]
    public async Task Smtp_GuestWithEmail_GetsThePinTheMobileKeyAndItsQrCode()
    {
        await using var smtp = new SmtpSink();
        await using var server = await StartAsync("--Notifications:Email:Gateway=Smtp", "--Notifications:Email:Smtp:Host=127.0.0.1", $"--Notifications:Email:Smtp:Port={smtp.Port}", "--Notifications:Email:Smtp:EnableSsl=false");

        var grant = await GrantAsync(server, phone: null, email: "gaest@example.org");

        await Await.UntilAsync(() => NotificationsAsync(server, grant), n => n.Count == 1 && n[0].Status == NotificationStatus.Sent, "the e-mail to be sent");
        var (from, to, data) = Assert.Single(smtp.Messages);
        Assert.Equal(("<noreply@guestaccess.aarhus.dk>", "<gaest@example.org>"), (from, to));
        Assert.Contains("mobilnoegle.png", data);
        Assert.Contains("image/png", data);
        Assert.Contains("Subject:", data);
    }

    [Fact]
    public async Task DevInbox_ConfiguredForNeitherChannel_IsDisabled()
    {
        await using var provider = await SmsProvider.StartAsync();
        await using var server = await StartAsync(
            "--Notifications:Sms:Gateway=Http", $"--Notifications:Sms:Http:Url={provider.Url}", "--Notifications:Sms:Http:ApiKey=k",
            "--Notifications:Email:Gateway=Smtp", "--Notifications:Email:Smtp:Host=127.0.0.1");
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", (await Identity.OidcBrowser.TokensForAsync(server, "admin@demo.guestaccess.dk")).AccessToken);

        using var response = await client.GetAsync("/api/v1/dev/inbox");

        await Problem.AssertAsync(response, System.Net.HttpStatusCode.NotFound, "dev_inbox_disabled");
    }

    private static Task<TestServer> StartAsync(params string[] settings) =>
        TestServer.StartAsync(null, ["--Notifications:PollInterval=00:00:00.050", .. settings]);

    private static async Task<Guid> GrantAsync(TestServer server, string? phone, string? email)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var now = DateTimeOffset.UtcNow;
        var grant = await scope.ServiceProvider.GetRequiredService<GrantService>().CreateAsync(
            Guid.NewGuid(), SiteScope.Everything, new GuestDetails("Gæst", phone, email, null), null,
            new GrantCommand(["dokk1-hovedindgang"], new TimeInterval(now, now.AddDays(1)), null), "Test", CancellationToken.None);
        return grant.Id;
    }

    private static async Task<List<Notification>> NotificationsAsync(TestServer server, Guid grantId)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<GuestAccessDb>().Notifications().AsNoTracking().Where(n => n.GrantId == grantId).ToListAsync();
    }

    [GeneratedRegex("PIN: [0-9]{8}")]
    private static partial Regex PinPattern();
}

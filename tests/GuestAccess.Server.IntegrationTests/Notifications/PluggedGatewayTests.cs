using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using GuestAccess.Domain.Time;
using GuestAccess.Server.Grants;
using GuestAccess.Server.Identity.Authorization;
using GuestAccess.Server.IntegrationTests.Bookings.Support;
using GuestAccess.Server.IntegrationTests.Infrastructure;
using GuestAccess.Server.Notifications;
using Microsoft.Extensions.DependencyInjection;

namespace GuestAccess.Server.IntegrationTests.Notifications;

/// <summary>A host's own gateway, registered keyed by channel, replaces the configured one; the PIN reaches it and no log.</summary>
public sealed partial class PluggedGatewayTests
{
    [Fact]
    public async Task KeyedGateway_ForSms_ReplacesTheConfiguredOneAndGetsThePinWhichNoLogHolds()
    {
        var plugged = new RecordingGateway();
        await using var server = await TestServer.StartWithServicesAsync(
            s => s.AddKeyedSingleton<INotificationGateway>(NotificationChannel.Sms, plugged), null, "--Notifications:PollInterval=00:00:00.050");
        var now = DateTimeOffset.UtcNow;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<GrantService>().CreateAsync(
                Guid.NewGuid(), SiteScope.Everything, new GuestDetails("Gæst", "+4522334466", "gaest@example.org", null), null,
                new GrantCommand(["dokk1-hovedindgang"], new TimeInterval(now, now.AddDays(1)), null), "Test", CancellationToken.None);
        }

        var sms = await Await.UntilAsync(() => Task.FromResult(plugged.Received.ToArray()), m => m.Length == 1, "the SMS at the plugged gateway");
        Assert.Equal((NotificationChannel.Sms, "+4522334466"), (sms[0].Channel, sms[0].Recipient));
        var pin = PinPattern().Match(sms[0].Body.Text).Groups[1].Value;
        Assert.Equal(8, pin.Length);
        Assert.DoesNotContain(server.Logs.Entries, e => e.Message.Contains(pin, StringComparison.Ordinal));
    }

    [GeneratedRegex(@"PIN: ([0-9]{8})\b")]
    private static partial Regex PinPattern();

    private sealed class RecordingGateway : INotificationGateway
    {
        public ConcurrentQueue<NotificationEnvelope> Received { get; } = new();

        public Task SendAsync(NotificationEnvelope message, CancellationToken cancellationToken)
        {
            Received.Enqueue(message);
            return Task.CompletedTask;
        }
    }
}

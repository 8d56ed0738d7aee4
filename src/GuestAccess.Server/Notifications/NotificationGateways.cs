using System.Net.Http.Headers;
using System.Net.Mail;
using GuestAccess.Server.Grants;
using GuestAccess.Server.Persistence;
using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Notifications;

/// <summary>A message on its way out, with its body decrypted for the moment of sending.</summary>
public sealed record NotificationEnvelope(Guid Id, Guid SiteId, Guid? GuestId, NotificationChannel Channel, string Recipient, string Subject, NotificationBody Body);

/// <summary>A gateway refused or could not take a message; <see cref="Exception.Message"/> is a status, never the body.</summary>
public sealed class NotificationDeliveryException(string reason) : Exception(reason);

/// <summary>
/// Delivers messages of one channel (SMS or e-mail). The built-in ones are chosen by configuration
/// (<c>Notifications:Sms:Gateway</c>, <c>Notifications:Email:Gateway</c>); a host plugs in its own
/// by registering it keyed by channel, which takes precedence:
/// <c>services.AddKeyedSingleton&lt;INotificationGateway, MyGateway&gt;(NotificationChannel.Sms)</c>.
/// Throw <see cref="NotificationDeliveryException"/> (a status, never the text) to have the message retried.
/// </summary>
public interface INotificationGateway
{
    Task SendAsync(NotificationEnvelope message, CancellationToken cancellationToken);
}

/// <summary>The gateway for each channel: one registered keyed by the channel, else the configured built-in one.</summary>
public sealed class NotificationGateways(IOptions<NotificationOptions> options, IServiceProvider services)
{
    public INotificationGateway For(NotificationChannel channel) => services.GetKeyedService<INotificationGateway>(channel) ?? channel switch
    {
        NotificationChannel.Sms => options.Value.Sms.Gateway switch
        {
            SmsGateway.DevInbox => services.GetRequiredService<DevInboxGateway>(),
            SmsGateway.Http => services.GetRequiredService<HttpSmsGateway>(),
        },
        NotificationChannel.Email => options.Value.Email.Gateway switch
        {
            EmailGateway.DevInbox => services.GetRequiredService<DevInboxGateway>(),
            EmailGateway.Smtp => services.GetRequiredService<SmtpEmailGateway>(),
        },
    };
}

/// <summary>The development inbox: the message is kept (encrypted) where caretakers of its site can read it through the API.</summary>
public sealed class DevInboxGateway(IServiceScopeFactory scopes, NotificationProtector protector, TimeProvider clock) : INotificationGateway
{
    public async Task SendAsync(NotificationEnvelope message, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuestAccessDb>();
        if (await db.DevInboxMessages().FindAsync([message.Id], cancellationToken) is null)
        {
            db.DevInboxMessages().Add(new DevInboxMessage(message.Id, message.SiteId, message.GuestId, message.Channel, message.Recipient, message.Subject, protector.Protect(message.Body), clock.GetUtcNow()));
            await using (await SqliteWriteGate.EnterAsync(db, WritePriority.Background, cancellationToken))
            {
                await db.SaveChangesAsync(cancellationToken);
            }
        }
    }
}

/// <summary>An SMS provider's HTTP API: one JSON POST per message, bearer API key.</summary>
public sealed class HttpSmsGateway(HttpClient http, IOptions<NotificationOptions> options) : INotificationGateway
{
    public async Task SendAsync(NotificationEnvelope message, CancellationToken cancellationToken)
    {
        var settings = options.Value.Sms.Http;
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.Url)
        {
            Content = JsonContent.Create(new { to = message.Recipient, from = settings.Sender, text = message.Body.Text, reference = message.Id }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.ApiKey);
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new NotificationDeliveryException($"sms_gateway_http_{(int)response.StatusCode}");
        }
    }
}

/// <summary>E-mail over SMTP; a mobile key is attached as a QR code (PNG) besides its text form.</summary>
public sealed class SmtpEmailGateway(IOptions<NotificationOptions> options) : INotificationGateway
{
    public async Task SendAsync(NotificationEnvelope message, CancellationToken cancellationToken)
    {
        var settings = options.Value.Email.Smtp;
        using var mail = new MailMessage(settings.From, message.Recipient, message.Subject, message.Body.Text);
        mail.BodyEncoding = System.Text.Encoding.UTF8;
        mail.SubjectEncoding = System.Text.Encoding.UTF8;
        if (message.Body.MobileKey is { } key)
        {
            mail.Attachments.Add(new Attachment(new MemoryStream(QrCodes.Png(key)), "mobilnoegle.png", "image/png"));
        }

        using var client = new SmtpClient(settings.Host, settings.Port) { EnableSsl = settings.EnableSsl };
        if (settings.UserName is { Length: > 0 } user)
        {
            client.Credentials = new System.Net.NetworkCredential(user, settings.Password);
        }

        try
        {
            await client.SendMailAsync(mail, cancellationToken);
        }
        catch (SmtpException smtp)
        {
            throw new NotificationDeliveryException($"smtp_{smtp.StatusCode}".ToLowerInvariant());
        }
    }
}

using System.Net.Mail;
using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Notifications;

/// <summary>Where SMS go.</summary>
public enum SmsGateway
{
    /// <summary>The development inbox (the default): nothing leaves the server.</summary>
    DevInbox,

    /// <summary>A provider's HTTP API: a JSON POST per message (<see cref="HttpSmsOptions"/>).</summary>
    Http,
}

/// <summary>Where e-mails go.</summary>
public enum EmailGateway
{
    /// <summary>The development inbox (the default): nothing leaves the server.</summary>
    DevInbox,

    /// <summary>An SMTP server (<see cref="SmtpOptions"/>).</summary>
    Smtp,
}

/// <summary>Section <c>Notifications</c>: how guests get their keys (PIN and mobile key) and news about them.</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    public SmsOptions Sms { get; set; } = new();

    public EmailOptions Email { get; set; } = new();

    /// <summary>How often the sender looks for due messages when nothing wakes it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Attempts per message before it is given up (and its body deleted).</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>First retry delay; doubles per attempt up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryMinDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long one gateway call may take.</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Development inbox messages older than this are deleted.</summary>
    public TimeSpan DevInboxRetention { get; set; } = TimeSpan.FromDays(7);

    public bool UsesDevInbox => Sms.Gateway == SmsGateway.DevInbox || Email.Gateway == EmailGateway.DevInbox;
}

public sealed class SmsOptions
{
    public SmsGateway Gateway { get; set; } = SmsGateway.DevInbox;

    public HttpSmsOptions Http { get; set; } = new();
}

/// <summary>An HTTP SMS provider: <c>POST {Url}</c> with <c>{"to","from","text"}</c> and <c>Authorization: Bearer {ApiKey}</c>.</summary>
public sealed class HttpSmsOptions
{
    public string? Url { get; set; }

    /// <summary>A secret: set it from the environment (<c>Notifications__Sms__Http__ApiKey</c>), never in a file in the repository.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The sender name or number the provider shows.</summary>
    public string Sender { get; set; } = "Aarhus Bib";
}

public sealed class EmailOptions
{
    public EmailGateway Gateway { get; set; } = EmailGateway.DevInbox;

    public SmtpOptions Smtp { get; set; } = new();
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public bool EnableSsl { get; set; } = true;

    public string? UserName { get; set; }

    /// <summary>A secret: set it from the environment, never in a file in the repository.</summary>
    public string? Password { get; set; }

    public string From { get; set; } = "noreply@guestaccess.aarhus.dk";
}

internal sealed class NotificationOptionsValidator : IValidateOptions<NotificationOptions>
{
    public ValidateOptionsResult Validate(string? name, NotificationOptions o)
    {
        var errors = new List<string>();
        if (o.Sms.Gateway == SmsGateway.Http
            && (!Uri.TryCreate(o.Sms.Http.Url, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http") || string.IsNullOrWhiteSpace(o.Sms.Http.ApiKey)))
        {
            errors.Add("Notifications:Sms:Gateway Http needs Notifications:Sms:Http:Url (an absolute http(s) URL) and Notifications:Sms:Http:ApiKey.");
        }

        if (o.Email.Gateway == EmailGateway.Smtp && (string.IsNullOrWhiteSpace(o.Email.Smtp.Host) || o.Email.Smtp.Port is < 1 or > 65535))
        {
            errors.Add("Notifications:Email:Gateway Smtp needs Notifications:Email:Smtp:Host and a port 1-65535.");
        }

        if (!MailAddress.TryCreate(o.Email.Smtp.From, out _))
        {
            errors.Add("Notifications:Email:Smtp:From must be an e-mail address.");
        }

        if (o.PollInterval < TimeSpan.FromMilliseconds(10) || o.PollInterval > TimeSpan.FromMinutes(10))
        {
            errors.Add("Notifications:PollInterval must be 10 ms to 10 minutes.");
        }

        if (o.MaxAttempts is < 1 or > 100 || o.RetryMinDelay <= TimeSpan.Zero || o.RetryMaxDelay < o.RetryMinDelay)
        {
            errors.Add("Notifications:MaxAttempts must be 1-100 and 0 < RetryMinDelay <= RetryMaxDelay.");
        }

        if (o.SendTimeout < TimeSpan.FromSeconds(1) || o.SendTimeout > TimeSpan.FromMinutes(5) || o.DevInboxRetention <= TimeSpan.Zero)
        {
            errors.Add("Notifications:SendTimeout must be 1 second to 5 minutes and DevInboxRetention positive.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

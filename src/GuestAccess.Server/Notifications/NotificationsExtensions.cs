using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Notifications;

public static class NotificationsExtensions
{
    /// <summary>The outbox-backed sender (<see cref="INotificationSender"/>), its dispatcher and the configured SMS and e-mail gateways.</summary>
    public static IHostApplicationBuilder AddNotifications(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<NotificationOptions>, NotificationOptionsValidator>();
        services.AddSingleton<NotificationProtector>();
        services.AddSingleton<NotificationSignal>();
        services.AddSingleton<INotificationSender, NotificationOutbox>();
        services.AddSingleton<NotificationGateways>();
        services.AddSingleton<DevInboxGateway>();
        services.AddSingleton<SmtpEmailGateway>();
        services.AddHttpClient<HttpSmsGateway>();
        services.AddSingleton<NotificationDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<NotificationDispatcher>());
        return builder;
    }
}

using GuestAccess.Mqtt.Server;
using GuestAccess.Server.Locks.Broker;
using GuestAccess.Server.Locks.Dispatch;
using GuestAccess.Server.Locks.Fleet;
using GuestAccess.Server.Locks.Inbound;
using GuestAccess.Server.Locks.Ownership;
using GuestAccess.Server.Locks.Provisioning;
using GuestAccess.Server.Locks.Signing;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Locks;

public static class LockFleetExtensions
{
    /// <summary>
    /// The lock fleet: the embedded broker (Mqtt:Mode Embedded, the default) with per-lock
    /// authentication and topic ACLs, the server's MQTT connection, the staging API
    /// (<see cref="LockFleet"/>), the outbox dispatcher and the inbound pipelines. Hosted services
    /// start in this order: key and credentials, broker, connection, dispatcher.
    /// </summary>
    public static IHostApplicationBuilder AddLockFleet(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<FleetMqttOptions>().BindConfiguration(FleetMqttOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<FleetMqttOptions>, FleetMqttOptionsValidator>();
        services.AddOptions<LockFleetOptions>().BindConfiguration(LockFleetOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LockFleetOptions>, LockFleetOptionsValidator>();
        // The command signing key is protected with the server's Data Protection key ring, which
        // the identity feature keeps under the data directory (AddIdentityAndAccess).
        services.AddDataProtection();

        services.AddSingleton<LockSigningKeyStore>();
        services.AddSingleton<LockFleetMetrics>();
        services.AddSingleton<FleetChannels>();
        services.AddSingleton<BrokerCredentialCache>();
        services.AddSingleton<FleetInbound>();
        services.AddSingleton<LockCommandPublisher>();
        services.AddSingleton<LockFleet>();
        services.AddScoped<LockProvisioningService>();
        services.AddSingleton<BundleFactory>();
        services.AddSingleton<OutboxCommitInterceptor>();
        services.AddSingleton<IInterceptor>(sp => sp.GetRequiredService<OutboxCommitInterceptor>());

        services.AddHostedService<FleetBootstrap>();
        var embedded = IsEmbedded(builder.Configuration);
        if (embedded)
        {
            services.AddSingleton<LockBrokerAccess>();
            services.AddSingleton<IMqttAuthenticator>(sp => sp.GetRequiredService<LockBrokerAccess>());
            services.AddSingleton<IMqttAuthorizer>(sp => sp.GetRequiredService<LockBrokerAccess>());
            services.AddMqttBroker(o => o.BindAddress = "127.0.0.1");
            services.AddOptions<MqttBrokerOptions>().BindConfiguration(MqttBrokerOptions.SectionName);
        }

        builder.AddLockOwnership();
        services.AddSingleton<FleetConnection>();
        services.AddHostedService(sp => sp.GetRequiredService<FleetConnection>());
        services.AddHostedService<LockDispatcher>();
        services.AddHostedService<LockEventPipeline>();
        if (embedded && builder.Environment.IsDevelopment() && builder.Configuration.GetValue($"{LockFleetOptions.Section}:{nameof(LockFleetOptions.DevProvisioningBundle)}", true))
        {
            services.AddHostedService<DevProvisioningBundle>();
        }

        return builder;
    }

    internal static bool IsEmbedded(IConfiguration configuration) =>
        !Enum.TryParse<MqttMode>(configuration[$"{FleetMqttOptions.Section}:{nameof(FleetMqttOptions.Mode)}"], ignoreCase: true, out var mode)
        || mode == MqttMode.Embedded;
}

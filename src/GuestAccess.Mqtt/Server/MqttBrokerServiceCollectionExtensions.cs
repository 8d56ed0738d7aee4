using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GuestAccess.Mqtt.Server;

public static class MqttBrokerServiceCollectionExtensions
{
    /// <summary>
    /// Registers the broker as a singleton and as a hosted service. Options are validated at start;
    /// bind them from configuration with <c>services.AddOptions&lt;MqttBrokerOptions&gt;().BindConfiguration(MqttBrokerOptions.SectionName)</c>.
    /// Register <see cref="IMqttAuthenticator"/> and <see cref="IMqttAuthorizer"/> in the container to plug in the hooks.
    /// </summary>
    public static IServiceCollection AddMqttBroker(this IServiceCollection services, Action<MqttBrokerOptions>? configure = null)
    {
        var builder = services.AddOptions<MqttBrokerOptions>();
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        builder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MqttBrokerOptions>, MqttBrokerOptionsValidator>());
        services.TryAddSingleton(sp => new MqttBroker(
            sp.GetRequiredService<IOptions<MqttBrokerOptions>>(),
            sp.GetService<ILoggerFactory>(),
            sp.GetService<IMqttAuthenticator>(),
            sp.GetService<IMqttAuthorizer>(),
            sp.GetService<IMeterFactory>()));
        services.AddHostedService(sp => sp.GetRequiredService<MqttBroker>());
        return services;
    }
}

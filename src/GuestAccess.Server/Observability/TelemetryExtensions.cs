using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Observability;

public static class TelemetryExtensions
{
    /// <summary>
    /// OpenTelemetry over OTLP (section <c>Telemetry</c>). Call before the other features: the
    /// telemetry host must start first and stop last.
    /// </summary>
    public static IHostApplicationBuilder AddTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidator>();
        builder.Services.AddSingleton<TelemetryHost>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<TelemetryHost>());
        return builder;
    }
}

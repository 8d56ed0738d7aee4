using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Grants;

public static class GrantsExtensions
{
    /// <summary>Keys: issuing and re-issuing credentials, caretakers' grants, the lifecycle (expiry, anonymisation), the holder's view of their keys.</summary>
    public static IHostApplicationBuilder AddKeys(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<KeyOptions>().BindConfiguration(KeyOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<KeyOptions>, KeyOptionsValidator>();
        services.AddSingleton<MobileKeys>();
        services.AddSingleton<KeyAudit>();
        services.AddSingleton<KeyIssuer>();
        services.AddScoped<HolderKeys>();
        services.AddScoped<GrantService>();
        services.AddSingleton<KeyLifecycle>();
        services.AddHostedService(sp => sp.GetRequiredService<KeyLifecycle>());
        return builder;
    }
}

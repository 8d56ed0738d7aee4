using GuestAccess.Server.Persistence;
using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Locks.Ownership;

internal static class LockOwnershipExtensions
{
    /// <summary>
    /// Who drives which lock. Registered before the broker connection and the dispatcher, so at
    /// shutdown it stops after them: the dispatcher drains, then the partitions are handed over.
    /// </summary>
    public static IHostApplicationBuilder AddLockOwnership(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ClusterOptions>().BindConfiguration(ClusterOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ClusterOptions>, ClusterOptionsValidator>();
        services.AddOptions<HostOptions>().Configure<IOptions<ClusterOptions>>((host, cluster) =>
        {
            var needed = cluster.Value.DrainTimeout + TimeSpan.FromSeconds(10);
            host.ShutdownTimeout = host.ShutdownTimeout > needed ? host.ShutdownTimeout : needed;
        });

        var clustered = IsPostgreSql(builder.Configuration);
        services.AddSingleton(new LockOwnership(clustered));
        if (clustered)
        {
            services.AddHostedService<PostgresOwnershipCoordinator>();
        }
        else
        {
            services.AddHostedService<SqliteInstanceGuard>();
        }

        return builder;
    }

    private static bool IsPostgreSql(IConfiguration configuration) =>
        Enum.TryParse<DatabaseProvider>(configuration[$"{DatabaseOptions.Section}:{nameof(DatabaseOptions.Provider)}"], ignoreCase: true, out var provider)
        && provider == DatabaseProvider.PostgreSql;
}

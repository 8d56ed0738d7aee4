using GuestAccess.Server.Identity;
using GuestAccess.Server.Persistence.Migrations;
using GuestAccess.Server.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Persistence;

public static class PersistenceExtensions
{
    /// <summary>The database (provider by configuration), migrations, seeding and the start-up initializer.</summary>
    public static IHostApplicationBuilder AddPersistence(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateOnStart();
        builder.Services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>();
        builder.Services.AddOptions<SeedOptions>().BindConfiguration(SeedOptions.Section).ValidateOnStart();

        builder.Services.AddDbContext<GuestAccessDb>((services, options) =>
        {
            var database = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            var storage = services.GetRequiredService<IOptions<StorageOptions>>().Value;
            switch (database.ParsedProvider)
            {
                case DatabaseProvider.Sqlite:
                    options.UseSqlite(database.SqliteConnectionString(storage), sqlite => sqlite.UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery));
                    options.AddInterceptors(new SqliteBusyTimeout());
                    break;
                case DatabaseProvider.PostgreSql:
                    options.UseNpgsql(database.ConnectionString, npgsql => npgsql.UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery));
                    break;
            }

            // Features hook into saving and committing (e.g. the lock fleet wakes its dispatcher on commit).
            options.AddInterceptors(services.GetServices<IInterceptor>());
        }, optionsLifetime: ServiceLifetime.Singleton); // built once: per-request options cost EF a look-up of its internal services by comparing them

        builder.Services.AddIdentityCore<GuestAccessUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddEntityFrameworkStores<GuestAccessDb>();

        builder.Services.AddSingleton<SchemaMigrator>();
        builder.Services.AddScoped<SeedLoader>();
        builder.Services.AddSingleton<DatabaseInitializer>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DatabaseInitializer>());
        builder.Services.AddHealthChecks().AddDbContextCheck<GuestAccessDb>("database", tags: ["ready"]);
        return builder;
    }
}

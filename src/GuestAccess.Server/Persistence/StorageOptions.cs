using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Persistence;

/// <summary>Where GuestAccess keeps its files (section <c>Storage</c>).</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Directory for the SQLite database and other local state; relative paths are from the working directory.</summary>
    public string DataDirectory { get; set; } = "data";

    public string FullDataDirectory => Path.GetFullPath(DataDirectory);
}

/// <summary>The database (section <c>Database</c>).</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>One of <see cref="DatabaseProvider"/>'s names; case-insensitive.</summary>
    public string Provider { get; set; } = nameof(DatabaseProvider.Sqlite);

    /// <summary>
    /// SQLite: overrides the default (a file in the data directory). PostgreSQL: required, an Npgsql
    /// connection string such as <c>Host=db;Database=guestaccess;Username=guestaccess;Password=…</c>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Apply pending migrations when the server starts.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>How long start-up waits for the database to accept connections (retrying with a log line per attempt) before it gives up.</summary>
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromMinutes(1);

    public DatabaseProvider ParsedProvider => Enum.Parse<DatabaseProvider>(Provider, ignoreCase: true);

    public string SqliteConnectionString(StorageOptions storage) =>
        ConnectionString ?? $"Data Source={Path.Combine(storage.FullDataDirectory, "guestaccess.db")};Pooling=True;Default Timeout=30";
}

internal sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        if (!Enum.TryParse<DatabaseProvider>(options.Provider, ignoreCase: true, out var provider) || !Enum.IsDefined(provider) || int.TryParse(options.Provider, out _))
        {
            return ValidateOptionsResult.Fail(
                $"Database:Provider '{options.Provider}' is not supported. Use one of: {string.Join(", ", Enum.GetNames<DatabaseProvider>())}.");
        }

        if (options.StartupTimeout < TimeSpan.Zero || options.StartupTimeout > TimeSpan.FromHours(1))
        {
            return ValidateOptionsResult.Fail("Database:StartupTimeout must be 0 to 1 hour.");
        }

        return provider == DatabaseProvider.PostgreSql && string.IsNullOrWhiteSpace(options.ConnectionString)
            ? ValidateOptionsResult.Fail("Database:ConnectionString is required when Database:Provider is PostgreSql (e.g. 'Host=localhost;Database=guestaccess;Username=guestaccess;Password=…').")
            : ValidateOptionsResult.Success;
    }
}

namespace GuestAccess.Server.Persistence;

/// <summary>The database engines GuestAccess can run on.</summary>
public enum DatabaseProvider
{
    /// <summary>An embedded database file under the data directory (the default).</summary>
    Sqlite,

    /// <summary>A PostgreSQL server (Npgsql): the scale-out database for several server instances.</summary>
    PostgreSql,
}

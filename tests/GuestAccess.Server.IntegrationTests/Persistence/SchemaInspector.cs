using Microsoft.Data.Sqlite;

namespace GuestAccess.Server.IntegrationTests.Persistence;

/// <summary>A comparable description of a SQLite schema: tables, columns, indexes and foreign keys.</summary>
internal static class SchemaInspector
{
    public static SortedSet<string> Describe(SqliteConnection connection)
    {
        var facts = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var table in Query(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations'", r => r.GetString(0)))
        {
            facts.Add($"table {table}");
            facts.UnionWith(Query(connection, $"PRAGMA table_info(\"{table}\")", r =>
                $"column {table}.{r.GetString(1)} type={r.GetString(2)} notnull={r.GetInt32(3)} pk={r.GetInt32(5)}"));
            facts.UnionWith(Query(connection, $"PRAGMA foreign_key_list(\"{table}\")", r =>
                $"fk {table}.{r.GetString(3)} -> {r.GetString(2)}.{r.GetString(4)} on_delete={r.GetString(6)}"));
            foreach (var (index, unique) in Query(connection, $"PRAGMA index_list(\"{table}\")", r => (r.GetString(1), r.GetInt32(2))))
            {
                if (index.StartsWith("sqlite_autoindex_", StringComparison.Ordinal))
                {
                    continue; // implied by a primary key, already described by its columns
                }

                var columns = string.Join(",", Query(connection, $"PRAGMA index_info(\"{index}\")", r => r.GetString(2)));
                facts.Add($"index {table}.{index} unique={unique} ({columns})");
            }
        }

        return facts;
    }

    private static List<T> Query<T>(SqliteConnection connection, string sql, Func<SqliteDataReader, T> read)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var result = new List<T>();
        while (reader.Read())
        {
            result.Add(read(reader));
        }

        return result;
    }
}

using Npgsql;

namespace GuestAccess.Server.IntegrationTests.Persistence;

/// <summary>A comparable description of a PostgreSQL schema: tables, columns, keys, indexes and foreign keys.</summary>
internal static class PgSchemaInspector
{
    public static SortedSet<string> Describe(NpgsqlConnection connection)
    {
        var facts = new SortedSet<string>(StringComparer.Ordinal);
        facts.UnionWith(Query(connection, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'schema_migrations'", r => $"table {r.GetString(0)}"));
        facts.UnionWith(Query(
            connection,
            """
            SELECT table_name, column_name, data_type, character_maximum_length, is_nullable, is_identity
            FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'schema_migrations'
            """,
            r => $"column {r.GetString(0)}.{r.GetString(1)} type={r.GetString(2)}({(r.IsDBNull(3) ? "" : r.GetInt32(3).ToString(System.Globalization.CultureInfo.InvariantCulture))}) nullable={r.GetString(4)} identity={r.GetString(5)}"));
        facts.UnionWith(Query(
            connection,
            """
            SELECT c.conrelid::regclass::text, c.conname, c.contype, pg_get_constraintdef(c.oid)
            FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
            WHERE n.nspname = 'public' AND c.contype IN ('p', 'f', 'u') AND c.conrelid::regclass::text <> 'schema_migrations'
            """,
            r => $"constraint {r.GetString(0)}.{r.GetString(1)} {r.GetChar(2)} {r.GetString(3)}"));
        facts.UnionWith(Query(
            connection,
            """
            SELECT i.tablename, i.indexname, i.indexdef FROM pg_indexes i
            WHERE i.schemaname = 'public' AND i.tablename <> 'schema_migrations'
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
            """,
            r => $"index {r.GetString(0)}.{r.GetString(1)} {r.GetString(2)}"));
        return facts;
    }

    private static List<T> Query<T>(NpgsqlConnection connection, string sql, Func<NpgsqlDataReader, T> read)
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

using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace GuestAccess.Server.Persistence.Migrations;

/// <summary>
/// One versioned schema migration: a hand-written SQL script per provider, embedded in the
/// assembly as <c>migrations/{provider}/{NNNN}_{name}.sql</c>. Scripts are append-only: once a
/// version has shipped it is never edited (the runner refuses a changed checksum).
/// </summary>
public sealed record Migration(int Version, string Name, string Sql)
{
    public string Checksum { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sql.ReplaceLineEndings("\n"))));

    public static IReadOnlyList<Migration> Load(DatabaseProvider provider)
    {
        var assembly = typeof(Migration).Assembly;
        var prefix = $"migrations/{provider.ToString().ToLowerInvariant()}/";
        var migrations = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => Parse(assembly, n, n[prefix.Length..^4]))
            .OrderBy(m => m.Version)
            .ToArray();

        for (var i = 0; i < migrations.Length; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new InvalidOperationException($"Migrations for {provider} must be numbered 1, 2, 3 … without gaps or duplicates; found {migrations[i].Version:D4}_{migrations[i].Name} at position {i + 1}.");
            }
        }

        return migrations;
    }

    private static Migration Parse(Assembly assembly, string resource, string fileName)
    {
        var separator = fileName.IndexOf('_', StringComparison.Ordinal);
        if (separator != 4 || !int.TryParse(fileName.AsSpan(0, 4), out var version))
        {
            throw new InvalidOperationException($"Migration '{fileName}.sql' must be named NNNN_name.sql.");
        }

        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return new Migration(version, fileName[(separator + 1)..], reader.ReadToEnd());
    }
}

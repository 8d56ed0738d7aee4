using System.CommandLine;
using System.Text.Json;
using GuestAccess.LockProtocol.Signing;
using GuestAccess.Server.Audit.Checkpoints;
using GuestAccess.Server.Audit.Export;
using GuestAccess.Server.Audit.Signing;
using GuestAccess.Server.Audit.Verification;
using GuestAccess.Server.Audit.Writing;
using GuestAccess.Server.Hosting;
using GuestAccess.Server.Persistence;
using GuestAccess.Server.Persistence.Migrations;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Audit;

/// <summary>
/// <c>audit verify | export | checkpoint | public-key</c>. Exit codes: 0 verified (or done),
/// 1 the log or file did not verify, 2 bad usage or configuration.
/// </summary>
internal static class AuditCommands
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create()
    {
        var audit = new Command("audit", "The tamper-evident audit log: verify it, export it, sign its head.");
        audit.Subcommands.Add(Verify());
        audit.Subcommands.Add(ExportCommand());
        audit.Subcommands.Add(Checkpoint());
        audit.Subcommands.Add(PublicKey());
        return audit;
    }

    private static Command Verify()
    {
        var file = new Option<FileInfo?>("--file") { Description = "Verify an export file instead of the database." };
        var key = new Option<FileInfo?>("--public-key") { Description = "The public key(s) to trust (JWK or JWKS). Default: the published keys (database) or the file's own (export)." };
        var checkpoints = new Option<DirectoryInfo?>("--checkpoints") { Description = "A directory of published checkpoint files to hold the log to. Default: the configured sink (database)." };
        var from = new Option<long>("--from") { Description = "First sequence.", DefaultValueFactory = _ => 1 };
        var to = new Option<long?>("--to") { Description = "Last sequence (default: the end of the log, or what the file's header says)." };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON." };
        var command = new Command("verify", "Verify the hash chain and the signed checkpoints of the database or of an export file, with public keys only.")
        {
            file, key, checkpoints, from, to, json,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((result, ct) => ServerCli.Guarded(async () =>
        {
            var keys = result.GetValue(key) is { } keyFile ? ReadKeys(keyFile) : null;
            var directory = result.GetValue(checkpoints);
            if (directory is { Exists: false })
            {
                throw new StartupException($"--checkpoints: '{directory.FullName}' is not a directory.");
            }

            VerificationReport report;
            if (result.GetValue(file) is { } export)
            {
                if (!export.Exists)
                {
                    throw new StartupException($"--file: '{export.FullName}' does not exist.");
                }

                using var reader = new StreamReader(export.FullName);
                var extra = directory is null ? [] : CheckpointSink.ReadTokens(directory.FullName);
                report = ExportVerifier.Verify(reader, keys, extra, result.GetValue(to));
            }
            else
            {
                await using var app = ServerApp.Build([.. result.UnmatchedTokens], ServerCli.LogToStandardError);
                RequireCurrentDatabase(app.Services);
                report = await Task.Run(
                    () => app.Services.GetRequiredService<AuditVerifier>().VerifyDatabase(result.GetValue(from), result.GetValue(to), keys, directory?.FullName, ct), ct);
            }

            Console.WriteLine(result.GetValue(json) ? JsonSerializer.Serialize(report, Json) : Describe(report));
            return report.Verified ? 0 : 1;
        }));
        return command;
    }

    private static Command ExportCommand()
    {
        var output = new Option<FileInfo>("--out") { Description = "The file to write (JSON Lines).", Required = true };
        var from = new Option<long>("--from") { Description = "First sequence.", DefaultValueFactory = _ => 1 };
        var to = new Option<long?>("--to") { Description = "Last sequence (default: the head)." };
        var command = new Command("export", "Export records with the checkpoints and public keys needed to verify them.") { output, from, to };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((result, ct) => ServerCli.Guarded(async () =>
        {
            await using var app = ServerApp.Build([.. result.UnmatchedTokens], ServerCli.LogToStandardError);
            RequireCurrentDatabase(app.Services);
            var file = result.GetValue(output)!;
            await using var stream = file.Create();
            await using var connection = app.Services.GetRequiredService<AuditDatabase>().OpenRead();
            var keys = app.Services.GetRequiredService<AuditVerifier>().PublishedKeys();
            var count = await AuditExport.WriteAsync(stream, connection, keys, result.GetValue(from), result.GetValue(to), TimeProvider.System.GetUtcNow(), ct);
            Console.WriteLine($"Exported {count} records to {file.FullName}.");
            return 0;
        }));
        return command;
    }

    private static Command Checkpoint()
    {
        var command = new Command("checkpoint", "Sign a checkpoint of the current chain head now (safe while the server runs).");
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((result, ct) => ServerCli.Guarded(async () =>
        {
            await using var app = ServerApp.Build([.. result.UnmatchedTokens], ServerCli.LogToStandardError);
            RequireCurrentDatabase(app.Services);
            var writer = app.Services.GetRequiredService<AuditWriter>();
            await writer.StartAsync(ct);
            var request = new CheckpointRequest(force: true);
            await writer.EnqueueAsync(request, ct);
            var checkpoint = await request.Task.WaitAsync(ct);
            await writer.StopAsync(ct);
            Console.WriteLine(checkpoint is null
                ? "The log is empty; nothing to sign."
                : $"Checkpoint at sequence {checkpoint.Sequence}, signed {checkpoint.CreatedAt:u} with key {checkpoint.KeyId}.");
            return 0;
        }));
        return command;
    }

    private static Command PublicKey()
    {
        var command = new Command("public-key", "Print the public keys that sign checkpoints (a JWK set), to give to auditors.");
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((result, _) => ServerCli.Guarded(async () =>
        {
            await using var app = ServerApp.Build([.. result.UnmatchedTokens], ServerCli.LogToStandardError);
            var keys = app.Services.GetRequiredService<AuditVerifier>().PublishedKeys();
            if (keys.Count == 0)
            {
                throw new StartupException("No checkpoint has been signed yet, so there is no public key. Run 'audit checkpoint' first.");
            }

            Console.WriteLine(AuditPublicKeys.ToJwks(keys));
            foreach (var k in keys)
            {
                await Console.Error.WriteLineAsync($"{k.KeyId}: RFC 7638 thumbprint {k.Thumbprint()}");
            }

            return 0;
        }));
        return command;
    }

    internal static string Describe(VerificationReport report)
    {
        var range = report.RecordsChecked == 0 ? "no records" : $"{report.RecordsChecked} records ({report.From}-{report.LastSequence})";
        var lines = new List<string>
        {
            report.Verified
                ? $"Verified: {range}, {report.CheckpointsChecked} signed checkpoints (last at {report.LastCheckpoint}), keys {string.Join(", ", report.KeyIds)}; {report.Seconds:0.###} s."
                : $"NOT VERIFIED: {report.Problems.Count + report.MoreProblems} problems in {range}:",
        };
        lines.AddRange(report.Problems.Select(p => $"  {(p.Sequence is { } s ? $"record {s}" : "file"),-14} {p.Code}: {p.Message}"));
        if (report.MoreProblems > 0)
        {
            lines.Add($"  … and {report.MoreProblems} more.");
        }

        lines.AddRange(report.Notes.Select(n => $"Note: {n}"));
        return string.Join(Environment.NewLine, lines);
    }

    private static IReadOnlyList<EcPublicJwk> ReadKeys(FileInfo file)
    {
        try
        {
            return AuditPublicKeys.Read(file.FullName);
        }
        catch (Exception e) when (e is FormatException or IOException)
        {
            throw new StartupException($"--public-key: '{file.FullName}' is not a readable ES256 JWK or JWK set: {e.Message}");
        }
    }

    // Reading commands never migrate or create a database; they refuse an old or missing one.
    internal static void RequireCurrentDatabase(IServiceProvider services)
    {
        services.GetRequiredService<IStartupValidator>().Validate();
        var database = services.GetRequiredService<AuditDatabase>();
        var file = database.Provider == DatabaseProvider.Sqlite ? new SqliteConnectionStringBuilder(database.ConnectionString).DataSource : "the PostgreSQL database";
        if (database.Provider == DatabaseProvider.Sqlite && !File.Exists(file))
        {
            throw new StartupException($"There is no database at {file}. Check Storage:DataDirectory.");
        }

        int version;
        try
        {
            using var connection = database.OpenRead();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
            version = Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (System.Data.Common.DbException e)
        {
            throw new StartupException($"{file} is not a GuestAccess database: {e.Message}", e);
        }

        var latest = SchemaMigrator.LatestVersion(services.GetRequiredService<IOptions<DatabaseOptions>>().Value.ParsedProvider);
        if (version != latest)
        {
            throw new StartupException($"The database is at schema version {version}, this server needs {latest}. Run 'GuestAccess.Server migrate' first.");
        }
    }
}

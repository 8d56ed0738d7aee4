using GuestAccess.LockProtocol.Signing;
using GuestAccess.Server.Audit.Checkpoints;
using GuestAccess.Server.Audit.Export;
using GuestAccess.Server.Audit.Signing;
using GuestAccess.Server.Persistence;
using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Audit.Verification;

/// <summary>
/// Verifies the log in the database — records, personal parts, and every checkpoint from the
/// database and the sink — using only public keys. Read-only: safe while the server runs.
/// </summary>
public sealed class AuditVerifier(AuditDatabase database, CheckpointSink sink, IOptions<StorageOptions> storage, ILogger<AuditVerifier> logger)
{
    /// <summary>The published checkpoint keys (<c>{data}/keys/audit-public-keys.json</c>); empty before the first checkpoint.</summary>
    public IReadOnlyList<EcPublicJwk> PublishedKeys()
    {
        var file = AuditSigningKeyStore.PublicKeysFile(storage.Value);
        return File.Exists(file) ? AuditPublicKeys.Read(file) : [];
    }

    /// <param name="from">First sequence to verify.</param>
    /// <param name="to">Last sequence to verify; null for the end of the log.</param>
    /// <param name="keys">Keys to trust; null for the published ones.</param>
    /// <param name="checkpointDirectory">Checkpoint files to hold the database to; null for the configured sink.</param>
    /// <param name="cancellationToken">Stops a long verification.</param>
    public VerificationReport VerifyDatabase(long from = 1, long? to = null, IReadOnlyList<EcPublicJwk>? keys = null, string? checkpointDirectory = null, CancellationToken cancellationToken = default)
    {
        keys ??= PublishedKeys();
        var directory = checkpointDirectory ?? sink.Directory;

        // The sink first: everything in it was committed to the database before it was written.
        var published = directory is not null && Directory.Exists(directory) ? CheckpointSink.ReadTokens(directory) : [];
        using var connection = database.OpenRead();
        var stored = AuditExport.Checkpoints(connection, long.MaxValue);
        var verifier = new ChainVerifier(keys, stored.Concat(published), from, to);
        foreach (var token in published.Except(stored, StringComparer.Ordinal))
        {
            var claims = CheckpointToken.Verify(token, keys, out _);
            verifier.Report(claims?.Sequence, "checkpoint_missing", $"Checkpoint {claims?.Sequence} is in {directory} but not in the database: it was removed from the database.");
        }

        DatabaseRecords.Feed(connection, from, to, verifier, withPersonal: true, cancellationToken);
        var report = verifier.Complete();
        var notes = new List<string>();
        if (report.CheckpointsChecked == 0)
        {
            notes.Add("No signed checkpoint lies in this range yet: only the hash links were checked.");
        }
        else if (report.RecordsAfterLastCheckpoint > 0)
        {
            notes.Add($"{report.RecordsAfterLastCheckpoint} records after checkpoint {report.LastCheckpoint} are hash-linked but not yet covered by a signature.");
        }

        if (!report.Verified)
        {
            var firstProblem = report.Problems[0];
            logger.VerificationFailed(report.Problems.Count + (int)Math.Min(report.MoreProblems, int.MaxValue - 200), from, report.LastSequence, firstProblem.Sequence, firstProblem.Code);
        }

        return report with { Notes = notes };
    }
}

using System.Diagnostics;
using GuestAccess.LockProtocol.Signing;
using GuestAccess.Server.Audit.Chain;
using GuestAccess.Server.Audit.Checkpoints;

namespace GuestAccess.Server.Audit.Verification;

/// <summary>A record's personal part as stored (salt and data are null once retention deleted them).</summary>
public sealed record PersonalPart(string? Holder, byte[]? Salt, string? Data);

/// <summary>
/// Verifies a run of records fed in stored order against the hash chain and the signed
/// checkpoints, with nothing but the public keys. Each record is checked on its own (its hash
/// over its fields) and against the one before (its previous hash), and every checkpoint in the
/// range must name the hash the record at its sequence has; the last checkpoint also says how
/// long the log was, which catches truncation. Problems are located at the first sequence they
/// concern. Not thread-safe; one instance per run.
/// </summary>
public sealed class ChainVerifier
{
    public const int MaxProblems = 100;

    private readonly ChainHasher _hasher = new();
    private readonly List<VerificationProblem> _problems = [];
    private readonly SortedDictionary<long, CheckpointClaims> _checkpoints = [];
    private readonly long _from;
    private readonly long? _to;
    private readonly IReadOnlyList<string> _keyIds;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private byte[]? _previousHash;
    private long _expected;
    private long _last;
    private long _records;
    private long _lastGoodCheckpoint;
    private long _more;

    /// <param name="keys">The public keys checkpoints may be signed with.</param>
    /// <param name="checkpointTokens">Signed checkpoints (from the database, a sink, an export); invalid ones are reported.</param>
    /// <param name="from">First sequence to verify (1 = the whole log).</param>
    /// <param name="to">Last sequence to verify, or null for "to the end".</param>
    public ChainVerifier(IReadOnlyList<EcPublicJwk> keys, IEnumerable<string> checkpointTokens, long from = 1, long? to = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(from, 1);
        _from = _expected = from;
        _to = to;
        _keyIds = keys.Select(k => k.KeyId).ToArray();
        foreach (var token in checkpointTokens.Distinct(StringComparer.Ordinal))
        {
            AddCheckpoint(token, keys);
        }

        // The first record of a range chains to the one before it: known for record 1, and for any
        // range that starts right after a checkpoint; otherwise the range is trusted from its first record.
        _previousHash = from == 1 ? ChainHasher.Genesis : _checkpoints.GetValueOrDefault(from - 1)?.HeadHash;
    }

    public void Add(ChainRecord record, PersonalPart? personal = null)
    {
        var sequence = record.Sequence;
        if (!Advance(sequence))
        {
            return;
        }

        if (!ChainHasher.IsKnownFormat(record.Format))
        {
            Report(sequence, "unknown_format", $"Record {sequence} has format {record.Format}, which this verifier does not know.");
            _previousHash = null;
            return;
        }

        if (record.Hash.Length != ChainHasher.HashLength || record.PreviousHash.Length != ChainHasher.HashLength || record.PersonalDigest is { Length: not ChainHasher.HashLength })
        {
            Malformed(sequence, "its hashes are not 32 bytes");
            return;
        }

        if (!_hasher.Matches(record))
        {
            Report(sequence, "hash_mismatch", $"Record {sequence} does not match its hash: its content was changed after it was written.");
        }

        if (_previousHash is not null && !record.PreviousHash.AsSpan().SequenceEqual(_previousHash))
        {
            Report(sequence, "chain_broken", sequence == _from
                ? $"Record {sequence} does not follow the checkpoint before it."
                : $"Record {sequence} does not follow record {sequence - 1}: a record was replaced, inserted or reordered here.");
        }

        CheckPersonal(record, personal);
        CheckCheckpoint(record);
        _previousHash = record.Hash;
    }

    /// <summary>A record that could not even be read (bad GUID, bad JSON line); counts as seen.</summary>
    public void Malformed(long sequence, string why)
    {
        if (Advance(sequence))
        {
            Report(sequence, "malformed_record", $"Record {sequence} cannot be read: {why}.");
            _previousHash = null;
        }
    }

    /// <summary>A problem found outside the records (a file cut short, a checkpoint missing from the database).</summary>
    public void Report(long? sequence, string code, string message)
    {
        if (_problems.Count < MaxProblems)
        {
            _problems.Add(new VerificationProblem(sequence, code, message));
        }
        else
        {
            _more++;
        }
    }

    public VerificationReport Complete()
    {
        var covering = _checkpoints.Where(c => c.Key >= _from && (_to is null || c.Key <= _to)).ToArray();
        if (covering.Length > 0 && covering[^1].Key > _last)
        {
            var (sequence, claims) = covering[^1];
            var firstMissing = Math.Max(_last + 1, _from);
            Report(firstMissing, "truncated", _last < _from
                ? $"There are no records from {_from}, but checkpoint {sequence} (signed {claims.CreatedAt:u}) says the log had {claims.RecordCount} records."
                : $"The log ends at record {_last}, but checkpoint {sequence} (signed {claims.CreatedAt:u}) says it had {claims.RecordCount} records: records {firstMissing}-{sequence} were removed.");
        }

        return new VerificationReport
        {
            From = _from,
            To = _to,
            RecordsChecked = _records,
            LastSequence = _last,
            CheckpointsChecked = covering.Length,
            LastCheckpoint = covering.Length > 0 ? Math.Min(covering[^1].Key, _last) : 0,
            KeyIds = _keyIds,
            Problems = [.. _problems],
            MoreProblems = _more,
            Seconds = _clock.Elapsed.TotalSeconds,
        };
    }

    // Takes the next record's place in the run; false when it is out of place or out of range.
    private bool Advance(long sequence)
    {
        if (sequence < _expected)
        {
            Report(sequence, sequence == _last ? "duplicate_sequence" : "out_of_order", sequence == _last
                ? $"Record {sequence} appears more than once."
                : $"Record {sequence} appears after record {_last}: the records are out of order.");
            return false;
        }

        if (_to is { } to && sequence > to)
        {
            return false;
        }

        if (sequence > _expected)
        {
            Report(_expected, "missing_records", sequence - 1 == _expected
                ? $"Record {_expected} is missing."
                : $"Records {_expected}-{sequence - 1} are missing.");
            _previousHash = null; // its link is broken by the gap, which is already reported
        }

        _records++;
        _last = sequence;
        _expected = sequence + 1;
        return true;
    }

    private void AddCheckpoint(string token, IReadOnlyList<EcPublicJwk> keys)
    {
        var claims = CheckpointToken.Verify(token, keys, out var failure);
        if (claims is null)
        {
            Report(null, "checkpoint_invalid", $"A checkpoint was rejected: {failure}.");
            return;
        }

        if (claims.RecordCount != claims.Sequence)
        {
            Report(claims.Sequence, "checkpoint_invalid", $"Checkpoint {claims.Sequence} claims {claims.RecordCount} records; the log starts at 1, so they must be equal.");
            return;
        }

        if (_checkpoints.TryGetValue(claims.Sequence, out var other) && !other.HeadHash.AsSpan().SequenceEqual(claims.HeadHash))
        {
            Report(claims.Sequence, "checkpoint_mismatch", $"Two validly signed checkpoints at {claims.Sequence} name different heads: the log was forked.");
            return;
        }

        _checkpoints[claims.Sequence] = claims;
    }

    private void CheckCheckpoint(ChainRecord record)
    {
        if (!_checkpoints.TryGetValue(record.Sequence, out var claims))
        {
            return;
        }

        if (record.Hash.AsSpan().SequenceEqual(claims.HeadHash))
        {
            _lastGoodCheckpoint = record.Sequence;
            return;
        }

        var since = Math.Max(_lastGoodCheckpoint + 1, _from);
        Report(since, "checkpoint_mismatch",
            $"Checkpoint {record.Sequence} (signed {claims.CreatedAt:u}) names another hash for record {record.Sequence}: records {since}-{record.Sequence} were rewritten after they were signed.");
    }

    private void CheckPersonal(ChainRecord record, PersonalPart? personal)
    {
        if (personal is null || personal.Salt is null || personal.Data is null)
        {
            return; // none, or deleted by retention: the chain only ever held the digest
        }

        if (record.PersonalDigest is null
            || personal.Salt.Length != PersonalDigest.SaltLength
            || !PersonalDigest.Compute(personal.Salt, personal.Holder, personal.Data).AsSpan().SequenceEqual(record.PersonalDigest))
        {
            Report(record.Sequence, "personal_data_mismatch", $"The personal part of record {record.Sequence} does not match the digest the record commits to: it was changed.");
        }
    }
}

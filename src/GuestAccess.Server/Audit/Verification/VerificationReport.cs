namespace GuestAccess.Server.Audit.Verification;

/// <summary>
/// One thing verification found wrong, located: <see cref="Sequence"/> is the first record (or
/// checkpoint) concerned. Codes: <c>hash_mismatch</c> (a record was edited), <c>chain_broken</c>
/// (a record does not follow the one before: replaced, inserted or reordered),
/// <c>missing_records</c>, <c>out_of_order</c>, <c>duplicate_sequence</c>, <c>truncated</c>,
/// <c>checkpoint_mismatch</c> (records rewritten consistently, caught by a signature),
/// <c>checkpoint_invalid</c>, <c>checkpoint_missing</c>, <c>personal_data_mismatch</c>,
/// <c>malformed_record</c>, <c>unknown_format</c>.
/// </summary>
public sealed record VerificationProblem(long? Sequence, string Code, string Message);

/// <summary>The outcome of verifying the whole log or a range of it.</summary>
public sealed record VerificationReport
{
    public bool Verified => Problems.Count == 0;

    /// <summary>The first and last sequence asked for (Last is null for "to the end").</summary>
    public required long From { get; init; }

    public required long? To { get; init; }

    public required long RecordsChecked { get; init; }

    /// <summary>The last record seen, 0 when none.</summary>
    public required long LastSequence { get; init; }

    /// <summary>Checkpoints whose signature verified and that lie in the range.</summary>
    public required int CheckpointsChecked { get; init; }

    /// <summary>The highest sequence a valid signed checkpoint vouches for (0 when none).</summary>
    public required long LastCheckpoint { get; init; }

    /// <summary>Records after <see cref="LastCheckpoint"/>: hash-linked, but not yet covered by a signature.</summary>
    public long RecordsAfterLastCheckpoint => Math.Max(0, LastSequence - LastCheckpoint);

    public required IReadOnlyList<string> KeyIds { get; init; }

    /// <summary>The first problems found (at most <see cref="ChainVerifier.MaxProblems"/>), in the order they were found.</summary>
    public required IReadOnlyList<VerificationProblem> Problems { get; init; }

    /// <summary>Problems found beyond those listed.</summary>
    public required long MoreProblems { get; init; }

    /// <summary>What the auditor should know besides the problems (where the keys came from, what was not checked).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    public required double Seconds { get; init; }
}

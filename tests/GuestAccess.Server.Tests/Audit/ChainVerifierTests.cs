using System.Security.Cryptography;
using GuestAccess.Server.Audit.Chain;
using GuestAccess.Server.Audit.Checkpoints;
using GuestAccess.Server.Audit.Signing;
using GuestAccess.Server.Audit.Verification;

namespace GuestAccess.Server.Tests.Audit;

public sealed class ChainVerifierTests : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public void Dispose() => _key.Dispose();

    [Fact]
    public void Verify_IntactChainWithCheckpoints_Passes()
    {
        var chain = Chain(50);

        var report = Verify(chain, [Checkpoint(chain, 20), Checkpoint(chain, 50)]);

        Assert.True(report.Verified, string.Join("; ", report.Problems));
        Assert.Equal(50, report.RecordsChecked);
        Assert.Equal(2, report.CheckpointsChecked);
        Assert.Equal(0, report.RecordsAfterLastCheckpoint);
    }

    [Fact]
    public void Verify_EditedRecord_IsLocatedAtThatRecord()
    {
        var chain = Chain(30);
        chain[11] = chain[11] with { Outcome = "granted" };

        var problem = Assert.Single(Verify(chain, []).Problems);

        Assert.Equal(("hash_mismatch", 12L), (problem.Code, problem.Sequence));
    }

    [Fact]
    public void Verify_DeletedRecord_IsReportedMissing()
    {
        var chain = Chain(30);
        chain.RemoveAt(9);

        var problem = Assert.Single(Verify(chain, []).Problems);

        Assert.Equal(("missing_records", 10L), (problem.Code, problem.Sequence));
    }

    [Fact]
    public void Verify_RecordsSwapped_IsReportedOutOfOrder()
    {
        var chain = Chain(30);
        (chain[4], chain[5]) = (chain[5], chain[4]);

        var problems = Verify(chain, []).Problems;

        Assert.Contains(problems, p => p is { Code: "missing_records", Sequence: 5 });
        Assert.Contains(problems, p => p is { Code: "out_of_order", Sequence: 5 });
    }

    [Fact]
    public void Verify_ForgedRecordInsertedWithValidHash_BreaksTheNextLink()
    {
        var chain = Chain(30);
        var forged = Rehash(chain[9] with { Action = "grant.created", PreviousHash = chain[9].Hash, Sequence = 11 });
        chain.Insert(10, forged);
        for (var i = 11; i < chain.Count; i++)
        {
            chain[i] = chain[i] with { Sequence = chain[i].Sequence + 1 };
        }

        var problems = Verify(chain, []).Problems;

        Assert.Equal(12, problems.First(p => p.Code == "hash_mismatch").Sequence);
        Assert.DoesNotContain(problems, p => p.Sequence < 12);
    }

    [Fact]
    public void Verify_SuffixRewrittenConsistently_IsCaughtByTheSignedCheckpoint()
    {
        var chain = Chain(40);
        var signed = Checkpoint(chain, 40);
        chain[24] = Rehash(chain[24] with { Outcome = "granted" });
        for (var i = 25; i < chain.Count; i++)
        {
            chain[i] = Rehash(chain[i] with { PreviousHash = chain[i - 1].Hash });
        }

        var report = Verify(chain, [Checkpoint(chain, 10), signed]);

        var problem = Assert.Single(report.Problems);
        Assert.Equal(("checkpoint_mismatch", 11L), (problem.Code, problem.Sequence));
        Assert.Contains("records 11-40 were rewritten", problem.Message);
    }

    [Fact]
    public void Verify_TruncatedBeforeTheLastCheckpoint_IsReportedTruncated()
    {
        var chain = Chain(40);
        var signed = Checkpoint(chain, 40);
        chain.RemoveRange(33, 7);

        var problem = Assert.Single(Verify(chain, [signed]).Problems);

        Assert.Equal(("truncated", 34L), (problem.Code, problem.Sequence));
    }

    [Fact]
    public void Verify_CheckpointSignedByAnotherKey_IsRejected()
    {
        var chain = Chain(5);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var claims = new CheckpointClaims(5, 5, chain[4].Hash, DateTimeOffset.UnixEpoch);
        var forged = CheckpointToken.Sign(claims, "test-key", other);

        var problem = Assert.Single(Verify(chain, [forged]).Problems);

        Assert.Equal("checkpoint_invalid", problem.Code);
    }

    [Fact]
    public void Verify_RangeStartingAfterACheckpoint_IsAnchoredToIt()
    {
        var chain = Chain(30);
        var anchor = Checkpoint(chain, 10);
        chain[10] = Rehash(chain[10] with { PreviousHash = new byte[32] });

        var report = new ChainVerifier([AuditPublicKeys.ToJwk("test-key", _key)], [anchor], from: 11, to: 20);
        foreach (var record in chain.Skip(10).Take(10))
        {
            report.Add(record);
        }

        var first = report.Complete().Problems[0];
        Assert.Equal(("chain_broken", 11L), (first.Code, first.Sequence));
        Assert.Contains("checkpoint before it", first.Message);
    }

    [Fact]
    public void Verify_PersonalDataChanged_IsReported_DeletedIsNot()
    {
        var salt = PersonalDigest.NewSalt();
        var digest = PersonalDigest.Compute(salt, "citizen:44444444-4444-4444-4444-444444444444", "{}");
        var chain = Chain(3, digest);
        var verifier = new ChainVerifier([], []);
        verifier.Add(chain[0], new PersonalPart("citizen:55555555-5555-5555-5555-555555555555", salt, "{}"));
        verifier.Add(chain[1], new PersonalPart(null, null, null));
        verifier.Add(chain[2], new PersonalPart("citizen:44444444-4444-4444-4444-444444444444", salt, "{}"));

        var problem = Assert.Single(verifier.Complete().Problems);

        Assert.Equal(("personal_data_mismatch", 1L), (problem.Code, problem.Sequence));
    }

    internal static List<ChainRecord> Chain(int count, byte[]? digest = null)
    {
        var chain = new List<ChainRecord>();
        var previous = ChainHasher.Genesis;
        for (var i = 1; i <= count; i++)
        {
            var record = Rehash(new ChainRecord(i, 1, 1_790_000_000_000_000 + i, "Entry", "entry.denied", null, Guid.NewGuid(), Guid.NewGuid(), $"lock-event:x:{i}", "denied", """{"kind":"entry_attempt"}""", digest, previous, []));
            chain.Add(record);
            previous = record.Hash;
        }

        return chain;
    }

    private static ChainRecord Rehash(ChainRecord record) => record with { Hash = new ChainHasher().Compute(record) };

    private string Checkpoint(List<ChainRecord> chain, long sequence) =>
        CheckpointToken.Sign(new CheckpointClaims(sequence, sequence, chain.Single(r => r.Sequence == sequence).Hash, DateTimeOffset.UnixEpoch), "test-key", _key);

    private VerificationReport Verify(IEnumerable<ChainRecord> chain, IEnumerable<string> checkpoints)
    {
        var verifier = new ChainVerifier([AuditPublicKeys.ToJwk("test-key", _key)], checkpoints);
        foreach (var record in chain)
        {
            verifier.Add(record);
        }

        return verifier.Complete();
    }
}

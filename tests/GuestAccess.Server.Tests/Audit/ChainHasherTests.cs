using GuestAccess.Server.Audit.Chain;

namespace GuestAccess.Server.Tests.Audit;

public sealed class ChainHasherTests
{
    // Golden values computed by docs/audit/verify_export.py, an independent implementation of docs/audit.md.
    private const string GoldenRecordHash = "02a290eb6a02ac99213bc79925f2f35da6493afd7b426c605f08e029105e676c";
    private const string GoldenPersonalDigest = "dd5feff9db92dc9d6c1efa347f7e5431477fcc21e56072e514a02d0e69dcf25a";

    internal static ChainRecord Golden() => new(
        42,
        1,
        GuestAccess.Server.Persistence.UtcMicrosecondsConverter.ToMicroseconds(DateTimeOffset.Parse("2026-11-21T17:09:14.123456Z", System.Globalization.CultureInfo.InvariantCulture)),
        "Access",
        "grant.revoked",
        Guid.Parse("11111111-1111-1111-1111-111111111111"),
        Guid.Parse("22222222-2222-2222-2222-222222222222"),
        null,
        "grant:33333333-3333-3333-3333-333333333333",
        "succeeded",
        """{"reason":"mistet nøgle"}""",
        Enumerable.Repeat((byte)0xAB, 32).ToArray(),
        Enumerable.Repeat((byte)0x01, 32).ToArray(),
        []);

    [Fact]
    public void Compute_GoldenRecord_MatchesTheDocumentedEncoding()
    {
        Assert.Equal(GoldenRecordHash, Convert.ToHexStringLower(new ChainHasher().Compute(Golden())));
    }

    [Fact]
    public void PersonalDigest_GoldenValue_MatchesTheDocumentedEncoding()
    {
        var salt = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

        var digest = PersonalDigest.Compute(salt, "citizen:44444444-4444-4444-4444-444444444444", """{"name":"Anna"}""");

        Assert.Equal(GoldenPersonalDigest, Convert.ToHexStringLower(digest));
    }

    [Fact]
    public void Compute_EveryChainedField_ChangesTheHash()
    {
        var hasher = new ChainHasher();
        var original = Convert.ToHexStringLower(hasher.Compute(Golden()));
        ChainRecord[] variants =
        [
            Golden() with { Sequence = 43 },
            Golden() with { RecordedAtMicros = Golden().RecordedAtMicros + 1 },
            Golden() with { Category = "Booking" },
            Golden() with { Action = "grant.created" },
            Golden() with { ActorId = null },
            Golden() with { SiteId = Guid.Empty },
            Golden() with { DoorId = Guid.Empty },
            Golden() with { Subject = null },
            Golden() with { Subject = string.Empty },
            Golden() with { Outcome = "denied" },
            Golden() with { Data = """{"reason":"mistet nogle"}""" },
            Golden() with { PersonalDigest = null },
            Golden() with { PreviousHash = new byte[32] },
        ];

        var hashes = variants.Select(v => Convert.ToHexStringLower(hasher.Compute(v))).ToList();

        Assert.DoesNotContain(original, hashes);
        Assert.Equal(hashes.Count, hashes.Distinct().Count());
    }

    [Fact]
    public void Compute_AdjacentTextFields_CannotBeShiftedIntoEachOther()
    {
        var hasher = new ChainHasher();
        var a = Golden() with { Subject = "ab", Outcome = "c" };
        var b = Golden() with { Subject = "a", Outcome = "bc" };

        Assert.NotEqual(hasher.Compute(a), hasher.Compute(b));
    }

    [Fact]
    public void Compute_UnknownFormat_Throws()
    {
        Assert.Throws<ArgumentException>(() => new ChainHasher().Compute(Golden() with { Format = 2 }));
    }
}

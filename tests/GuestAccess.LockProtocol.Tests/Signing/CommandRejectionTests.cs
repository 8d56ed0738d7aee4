using System.Text;
using GuestAccess.LockProtocol.Messages;
using GuestAccess.LockProtocol.Signing;
using GuestAccess.LockProtocol.Tests.Support;

namespace GuestAccess.LockProtocol.Tests.Signing;

/// <summary>Every way a command can be refused, each with its reason code.</summary>
public sealed class CommandRejectionTests : IDisposable
{
    private static readonly long Now = Fixtures.Now.ToUnixTimeSeconds();
    private readonly TrustedKeySet _trusted = Fixtures.TrustedKeys();

    public void Dispose() => _trusted.Dispose();

    [Theory]
    [InlineData("")]
    [InlineData("not a token")]
    [InlineData("a.b")]
    [InlineData("a.b.c.d")]
    [InlineData("eyJhbGciOiJFUzI1NiJ9.e30.AAAA")]
    [InlineData("ey!!.e30.AAAA")]
    [InlineData("eyJhbGciOiJFUzI1NiIsImtpZCI6InRlc3QtMjAyNiIsInR5cCI6ImdhLWNtZCtqd3MifQ==.e30.AAAA")]
    public void Verify_NotACompactJws_IsMalformed(string token) =>
        AssertRejected(token, CommandRejectReason.Malformed);

    [Fact]
    public void Verify_HeaderWithExtraMember_IsMalformed() => AssertRejected(
        TestJws.SignRaw("""{"alg":"ES256","kid":"test-2026","typ":"ga-cmd+jws","crit":["exp"]}""", TestJws.Command()),
        CommandRejectReason.Malformed);

    [Fact]
    public void Verify_HeaderWithDuplicateAlg_IsMalformed() => AssertRejected(
        TestJws.SignRaw("""{"alg":"ES256","alg":"none","kid":"test-2026","typ":"ga-cmd+jws"}""", TestJws.Command()),
        CommandRejectReason.Malformed);

    [Fact]
    public void Verify_MobileKeyTypUsedAsCommand_IsMalformed() =>
        AssertRejected(TestJws.Sign(TestJws.Command(), typ: "ga-key+jwt"), CommandRejectReason.Malformed);

    [Fact]
    public void Verify_AlgNoneWithoutSignature_IsUnsupportedAlgorithm()
    {
        var token = TestJws.B64(Encoding.UTF8.GetBytes("""{"alg":"none","kid":"test-2026","typ":"ga-cmd+jws"}""")) + "." +
            TestJws.B64(Encoding.UTF8.GetBytes(TestJws.Command(id: "cmd-none"))) + ".";
        var verdict = AssertRejected(token, CommandRejectReason.UnsupportedAlgorithm);
        Assert.Equal("cmd-none", verdict.CommandId);
    }

    [Theory]
    [InlineData("HS256")]
    [InlineData("ES384")]
    [InlineData("RS256")]
    [InlineData("es256")]
    public void Verify_OtherAlgorithm_IsUnsupportedAlgorithm(string alg) =>
        AssertRejected(TestJws.Sign(TestJws.Command(), alg: alg), CommandRejectReason.UnsupportedAlgorithm);

    [Fact]
    public void Verify_UntrustedKeyId_IsUnknownKey() =>
        AssertRejected(TestJws.Sign(TestJws.Command(), Fixtures.AttackerKeyPem, kid: "attacker"), CommandRejectReason.UnknownKey);

    [Fact]
    public void Verify_ForgedWithTrustedKeyId_IsBadSignature() =>
        AssertRejected(TestJws.Sign(TestJws.Command(), Fixtures.AttackerKeyPem), CommandRejectReason.BadSignature);

    [Fact]
    public void Verify_PayloadTamperedAfterSigning_IsBadSignature()
    {
        var parts = TestJws.Sign(TestJws.Command(counter: 1000)).Split('.');
        var tampered = TestJws.B64(Encoding.UTF8.GetBytes(TestJws.Command(counter: 999999)));
        AssertRejected($"{parts[0]}.{tampered}.{parts[2]}", CommandRejectReason.BadSignature);
    }

    [Fact]
    public void Verify_SignatureInDerFormOrTruncated_IsBadSignature()
    {
        var parts = TestJws.Sign(TestJws.Command()).Split('.');
        AssertRejected($"{parts[0]}.{parts[1]}.{parts[2][..40]}", CommandRejectReason.BadSignature);
        AssertRejected($"{parts[0]}.{parts[1]}.", CommandRejectReason.BadSignature);
    }

    [Fact]
    public void Verify_SignedPayloadOfNewerVersion_IsUnsupportedVersion() =>
        AssertRejected(TestJws.Sign(TestJws.Command(v: 2)), CommandRejectReason.UnsupportedVersion);

    [Fact]
    public void Verify_SignedPayloadOfUnknownType_IsUnsupportedType() =>
        AssertRejected(TestJws.Sign(TestJws.Command(type: "self_destruct")), CommandRejectReason.UnsupportedType);

    [Fact]
    public void Verify_SignedNonCommandMessage_IsMalformed() => AssertRejected(
        TestJws.Sign("""{"v":1,"type":"status","lock":"dokk1-room-3","state":"offline"}"""),
        CommandRejectReason.Malformed);

    [Fact]
    public void Verify_SignedPayloadBreakingARule_IsMalformed() => AssertRejected(
        TestJws.Sign(TestJws.Command().Replace("\"durationSeconds\":5", "\"durationSeconds\":3600", StringComparison.Ordinal)),
        CommandRejectReason.Malformed);

    [Fact]
    public void Verify_AddressedToAnotherLock_IsWrongLock() =>
        AssertRejected(TestJws.Sign(TestJws.Command(lockId: "dokk1-entrance")), CommandRejectReason.WrongLock);

    [Theory]
    [InlineData(1000, "cmd-x", "cmd-new")]
    [InlineData(999, "cmd-x", "cmd-x")]
    [InlineData(5, "cmd-x", "cmd-old")]
    public void Verify_CounterNotAboveLastAccepted_IsReplayedCounter(long counter, string lastId, string id) =>
        AssertRejected(TestJws.Sign(TestJws.Command(counter: counter, id: id)), CommandRejectReason.ReplayedCounter, new CommandCounterState(1000, lastId));

    [Fact]
    public void Verify_IssuedBeyondSkewAllowance_IsNotYetValid()
    {
        AssertRejected(TestJws.Sign(TestJws.Command(issuedAt: Now + 121)), CommandRejectReason.NotYetValid);
        AssertAccepted(TestJws.Sign(TestJws.Command(issuedAt: Now + 120)));
    }

    [Fact]
    public void Verify_ExpiredBeyondSkewAllowance_IsExpired()
    {
        AssertRejected(TestJws.Sign(TestJws.Command(issuedAt: Now - 300, expiresAt: Now - 121)), CommandRejectReason.Expired);
        AssertAccepted(TestJws.Sign(TestJws.Command(issuedAt: Now - 300, expiresAt: Now - 120)));
    }

    [Fact]
    public void Verify_LifetimeOverOneHour_IsLifetimeTooLong()
    {
        AssertRejected(TestJws.Sign(TestJws.Command(issuedAt: Now, expiresAt: Now + 3601)), CommandRejectReason.LifetimeTooLong);
        AssertAccepted(TestJws.Sign(TestJws.Command(issuedAt: Now, expiresAt: Now + 3600)));
    }

    [Fact]
    public void Verify_RetainedCommandReplayedAfterReboot_IsRefusedByCounter() =>
        AssertRejected(TestJws.Sign(TestJws.Command(counter: 1000, id: "cmd-old")), CommandRejectReason.ReplayedCounter, new CommandCounterState(1001, "cmd-newer"));

    [Fact]
    public void Verify_NonAsciiBytes_IsMalformed()
    {
        var verdict = new CommandVerifier(_trusted, Fixtures.Lock).Verify(Encoding.UTF8.GetBytes("ø.ø.ø"), Fixtures.Now, CommandCounterState.Initial);
        Assert.Equal(CommandRejectReason.Malformed, verdict.Reason);
    }

    [Fact]
    public void Verify_TokenLongerThanLimit_IsMalformed()
    {
        var verifier = new CommandVerifier(_trusted, Fixtures.Lock, new CommandVerifierOptions { MaxTokenLength = 100 });
        Assert.Equal(CommandRejectReason.Malformed, verifier.Verify(TestJws.Sign(TestJws.Command()), Fixtures.Now, CommandCounterState.Initial).Reason);
    }

    private CommandVerification AssertRejected(string token, CommandRejectReason reason, CommandCounterState? last = null)
    {
        var verdict = new CommandVerifier(_trusted, Fixtures.Lock).Verify(token, Fixtures.Now, last ?? CommandCounterState.Initial);
        Assert.Equal(CommandVerificationStatus.Rejected, verdict.Status);
        Assert.Equal(reason, verdict.Reason);
        Assert.Null(verdict.Command);
        Assert.False(string.IsNullOrEmpty(verdict.Detail));
        return verdict;
    }

    private void AssertAccepted(string token) =>
        Assert.Equal(CommandVerificationStatus.Accepted, new CommandVerifier(_trusted, Fixtures.Lock).Verify(token, Fixtures.Now, CommandCounterState.Initial).Status);
}

using GuestAccess.LockProtocol.Credentials;
using GuestAccess.LockProtocol.Messages;
using GuestAccess.LockProtocol.Signing;
using GuestAccess.LockProtocol.Tests.Support;

namespace GuestAccess.LockProtocol.Tests.Credentials;

/// <summary>The offline entry rules a lock applies to a typed PIN or a presented mobile key.</summary>
public sealed class EntryEvaluatorTests : IDisposable
{
    /// <summary>Monday 2026-05-11 18:30 Copenhagen (16:30Z): inside the sample schedule's Monday window.</summary>
    private static readonly DateTimeOffset Open = DateTimeOffset.Parse("2026-05-11T16:30:00Z", System.Globalization.CultureInfo.InvariantCulture);

    private readonly SigningKey _key = Fixtures.ServerKey();
    private readonly TrustedKeySet _trusted = Fixtures.TrustedKeys();
    private readonly EntryEvaluator _evaluator;
    private readonly LockCredentialState _state = new() { Pins = [Samples.Pin] };

    public EntryEvaluatorTests() =>
        _evaluator = new EntryEvaluator(new MobileKeyVerifier(_trusted, Fixtures.Lock, "guestaccess"));

    public void Dispose()
    {
        _key.Dispose();
        _trusted.Dispose();
    }

    [Fact]
    public void Pin_RightPinInsideWindow_IsGrantedWithCredentialAndGrant()
    {
        var decision = _evaluator.EvaluatePin("48213957", _state, Open);

        Assert.True(decision.IsGranted);
        Assert.Equal(("cred-pin-17", "grant-9"), (decision.CredentialId, decision.GrantId));
        var json = LockMessageCodec.EncodeToString(new EventBatch { Lock = Fixtures.Lock, Events = [decision.ToEvent(1, Open, "room-3")] });
        Assert.Contains("\"outcome\":\"granted\",\"method\":\"pin\",\"credentialId\":\"cred-pin-17\"", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-05-04T16:30:00Z", DenialReason.NotYetValid)]  // before notBefore (17:00Z)
    [InlineData("2026-06-01T16:30:00Z", DenialReason.Expired)]      // after notAfter
    [InlineData("2026-05-11T12:00:00Z", DenialReason.OutsideSchedule)] // Monday 14:00
    [InlineData("2026-05-15T21:00:00Z", DenialReason.OutsideSchedule)] // Friday 23:00 is open ...
    public void Pin_RightPinAtWrongTime_IsDeniedWithTheTimeReason(string at, DenialReason expected)
    {
        var now = DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture);
        var decision = _evaluator.EvaluatePin("48213957", _state, now);
        if (at == "2026-05-15T21:00:00Z")
        {
            Assert.True(decision.IsGranted); // ... the overnight Friday window
            return;
        }

        Assert.Equal(expected, decision.Reason);
        Assert.Equal("cred-pin-17", decision.CredentialId);
        Assert.Empty(decision.Keypad.RecentFailures);
    }

    [Fact]
    public void Pin_Revoked_IsDeniedRevoked()
    {
        var state = _state with { Revocations = [new RevocationEntry { CredentialId = "cred-pin-17", Until = Samples.Pin.NotAfter }] };
        Assert.Equal(DenialReason.Revoked, _evaluator.EvaluatePin("48213957", state, Open).Reason);
    }

    [Fact]
    public void Pin_FiveWrongPins_LockTheKeypadEvenForTheRightPin()
    {
        var state = _state;
        for (var i = 0; i < 5; i++)
        {
            var wrong = _evaluator.EvaluatePin("11223344", state, Open.AddSeconds(i));
            Assert.Equal(DenialReason.WrongPin, wrong.Reason);
            Assert.Null(wrong.CredentialId);
            state = state with { Keypad = wrong.Keypad };
        }

        Assert.Equal(DenialReason.LockedOut, _evaluator.EvaluatePin("48213957", state, Open.AddMinutes(1)).Reason);
        Assert.True(_evaluator.EvaluatePin("48213957", state, Open.AddSeconds(4).AddMinutes(5)).IsGranted);
    }

    [Fact]
    public void Lockdown_RefusesPinsAndMobileKeys()
    {
        var state = _state with { Lockdown = true };
        var key = new MobileKeyIssuer(_key).Issue(MobileKeyTests.Claims);

        Assert.Equal(DenialReason.Lockdown, _evaluator.EvaluatePin("48213957", state, Open).Reason);
        var mobile = _evaluator.EvaluateMobileKey(key, state, Open);
        Assert.Equal(DenialReason.Lockdown, mobile.Reason);
        Assert.Equal("cred-key-3", mobile.CredentialId);
    }

    [Fact]
    public void MobileKey_ValidNowAndHere_IsGrantedOffline()
    {
        var decision = _evaluator.EvaluateMobileKey(new MobileKeyIssuer(_key).Issue(MobileKeyTests.Claims), new LockCredentialState(), Open);

        Assert.True(decision.IsGranted);
        Assert.Equal(EntryMethod.MobileKey, decision.Method);
        Assert.Equal("grant-2", decision.GrantId);
    }

    [Fact]
    public void MobileKey_RevokedOrExpired_IsDenied()
    {
        var key = new MobileKeyIssuer(_key).Issue(MobileKeyTests.Claims);
        var revoked = new LockCredentialState { Revocations = [new RevocationEntry { CredentialId = "cred-key-3", Until = MobileKeyTests.Claims.NotAfter }] };

        Assert.Equal(DenialReason.Revoked, _evaluator.EvaluateMobileKey(key, revoked, Open).Reason);
        Assert.Equal(DenialReason.Expired, _evaluator.EvaluateMobileKey(key, new LockCredentialState(), MobileKeyTests.Claims.NotAfter).Reason);
        Assert.True(_evaluator.EvaluateMobileKey(key, revoked, MobileKeyTests.Claims.NotAfter).Reason == DenialReason.Expired);
    }

    [Fact]
    public void MobileKey_Forged_IsInvalidWithoutTrustingItsIds()
    {
        var forged = TestJws.Sign(
            """{"v":1,"iss":"guestaccess","jti":"x","gid":"y","sub":"z","locks":["dokk1-room-3"],"nbf":0,"exp":4000000000}""",
            Fixtures.AttackerKeyPem,
            typ: "ga-key+jwt");
        var decision = _evaluator.EvaluateMobileKey(forged, new LockCredentialState(), Open);

        Assert.Equal(DenialReason.InvalidCredential, decision.Reason);
        Assert.Null(decision.CredentialId);
    }

    [Fact]
    public void Evaluate_WithLockTimeZone_AgreesWithPosixRule()
    {
        var copenhagen = TimeZoneInfo.FindSystemTimeZoneById("Europe/Copenhagen");
        for (var t = Samples.Pin.NotBefore; t < Samples.Pin.NotBefore.AddDays(8); t = t.AddMinutes(15))
        {
            Assert.Equal(CredentialEvaluation.Evaluate(Samples.Pin.Validity, t), CredentialEvaluation.Evaluate(Samples.Pin.Validity, t, copenhagen));
        }
    }

    [Fact]
    public void Prune_DropsEntriesPastTheirUntil()
    {
        var entries = new[]
        {
            new RevocationEntry { CredentialId = "a", Until = Open.AddSeconds(-1) },
            new RevocationEntry { CredentialId = "b", Until = Open.AddSeconds(1) },
        };
        Assert.Equal(["b"], CredentialEvaluation.Prune(entries, Open).Select(e => e.CredentialId));
    }
}

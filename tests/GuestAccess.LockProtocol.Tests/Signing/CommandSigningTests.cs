using System.Text;
using GuestAccess.LockProtocol.Messages;
using GuestAccess.LockProtocol.Signing;
using GuestAccess.LockProtocol.Tests.Support;

namespace GuestAccess.LockProtocol.Tests.Signing;

public sealed class CommandSigningTests : IDisposable
{
    private readonly SigningKey _key = Fixtures.ServerKey();
    private readonly TrustedKeySet _trusted = Fixtures.TrustedKeys();
    private readonly FixedTimeProvider _time = new(Fixtures.Now);

    public void Dispose()
    {
        _key.Dispose();
        _trusted.Dispose();
    }

    public static TheoryData<LockCommand> Commands => new()
    {
        new ApplyCredentials { CommandId = "c1", Lock = Fixtures.Lock, FromVersion = 1, ToVersion = 2, Upserts = [Samples.Pin], Removals = ["old"], Revocations = [] },
        new SyncCredentials { CommandId = "c2", Lock = Fixtures.Lock, Version = 3, Lockdown = false, Credentials = [Samples.Pin], Revocations = [] },
        new ConfirmEvents { CommandId = "c3", Lock = Fixtures.Lock, UpTo = 10, Sequences = [12] },
        new ReplayEvents { CommandId = "c4", Lock = Fixtures.Lock, From = 11 },
        new RemoteUnlock { CommandId = "c5", Lock = Fixtures.Lock, DurationSeconds = 5, Reason = "Viceværtens fjernåbning" },
        new Lockdown { CommandId = "c6", Lock = Fixtures.Lock, Version = 4, Reason = "Evakuering" },
        new RequestStatus { CommandId = "c7", Lock = Fixtures.Lock },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public void SignThenVerify_EveryCommandType_IsAcceptedUnchanged(LockCommand command)
    {
        var signer = new CommandSigner(_key, new SequenceCounterSource(77), _time);
        var signed = signer.Sign(command);

        var verdict = Verifier().Verify(signed.Payload, Fixtures.Now, CommandCounterState.Initial);

        Assert.Equal(CommandVerificationStatus.Accepted, verdict.Status);
        Assert.Equal(LockMessageCodec.EncodeToString(signed.Command), LockMessageCodec.EncodeToString(verdict.Command!));
        Assert.Equal(command.GetType(), verdict.Command!.GetType());
        Assert.Equal(new CommandCounterState(77, command.CommandId), verdict.NextCounterState(CommandCounterState.Initial));
    }

    [Fact]
    public void Sign_StampsCounterTimesAndExactHeader()
    {
        _time.Now = Fixtures.Now.AddMilliseconds(999);
        var signer = new CommandSigner(_key, new SequenceCounterSource(5), _time);

        var signed = signer.Sign(new RequestStatus { CommandId = "c7", Lock = Fixtures.Lock }, TimeSpan.FromSeconds(30));

        Assert.Equal(5, signed.Command.Counter);
        Assert.Equal(Fixtures.Now, signed.Command.IssuedAt);
        Assert.Equal(Fixtures.Now.AddSeconds(30), signed.Command.ExpiresAt);
        Assert.Equal("guestaccess/v1/locks/dokk1-room-3/commands", signed.Topic);
        var parts = signed.Token.Split('.');
        Assert.Equal(3, parts.Length);
        Assert.Equal("""{"alg":"ES256","kid":"test-2026","typ":"ga-cmd+jws"}""", Encoding.ASCII.GetString(FromB64(parts[0])));
        Assert.Equal(LockMessageCodec.EncodeToString(signed.Command), Encoding.UTF8.GetString(FromB64(parts[1])));
        Assert.Equal(64, FromB64(parts[2]).Length);
    }

    [Fact]
    public void Sign_LifetimeOutOfBounds_Throws()
    {
        var signer = new CommandSigner(_key, new SequenceCounterSource(1, 2), _time);
        var command = new RequestStatus { CommandId = "c7", Lock = Fixtures.Lock };
        Assert.Throws<ArgumentOutOfRangeException>(() => signer.Sign(command, TimeSpan.FromHours(2)));
        Assert.Throws<ArgumentOutOfRangeException>(() => signer.Sign(command, TimeSpan.Zero));
    }

    [Fact]
    public void Sign_InvalidCommand_ThrowsInsteadOfSigning()
    {
        var signer = new CommandSigner(_key, new SequenceCounterSource(1), _time);
        Assert.Throws<ArgumentException>(() => signer.Sign(new RemoteUnlock { CommandId = "c5", Lock = Fixtures.Lock, DurationSeconds = 600, Reason = "too long" }));
    }

    /// <summary>A token produced by an independent ES256 implementation (Python cryptography) with the fixture key.</summary>
    [Fact]
    public void Verify_GoldenTokenFromIndependentSigner_IsAccepted()
    {
        const string Token = "eyJhbGciOiJFUzI1NiIsImtpZCI6InRlc3QtMjAyNiIsInR5cCI6ImdhLWNtZCtqd3MifQ." +
            "eyJ2IjoxLCJ0eXBlIjoicmVtb3RlX3VubG9jayIsImlkIjoiY21kLTAwMDMiLCJsb2NrIjoiZG9razEtcm9vbS0zIiwiY291bnRlciI6MTc3Nzg4MTYwMDAwMDAwMCwiaXNzdWVkQXQiOjE3Nzc4ODE2MDAsImV4cGlyZXNBdCI6MTc3Nzg4MTYzMCwiZHVyYXRpb25TZWNvbmRzIjo1LCJyZWFzb24iOiJDYXJldGFrZXIgbGV0cyBpbiB0aGUgY2xlYW5pbmcgY3JldyJ9." +
            "T4jXBmVaFo8yZHyIClOTowLrNRFc7UjsQyw-UBKjdZ78rGePTvFjej2ON_CRoTahV-o1jkSV79CCpMqP1f7lsA";

        var verdict = Verifier().Verify(Token, Fixtures.Now.AddSeconds(3), CommandCounterState.Initial);

        Assert.Equal(CommandVerificationStatus.Accepted, verdict.Status);
        var unlock = Assert.IsType<RemoteUnlock>(verdict.Command);
        Assert.Equal("cmd-0003", unlock.CommandId);
        Assert.Equal(1777881600000000, unlock.Counter);
        Assert.Equal(5, unlock.DurationSeconds);
        Assert.Equal("Caretaker lets in the cleaning crew", unlock.Reason);
        Assert.Equal(TimeSpan.FromSeconds(-3), verdict.ClockSkew);
    }

    [Fact]
    public void Verify_SameCommandAgain_IsDuplicateNotExecutedTwice()
    {
        var signed = new CommandSigner(_key, new SequenceCounterSource(9), _time).Sign(new RemoteUnlock { CommandId = "c5", Lock = Fixtures.Lock, DurationSeconds = 5, Reason = "x" });
        var first = Verifier().Verify(signed.Token, Fixtures.Now, new CommandCounterState(8, "c4"));
        var state = first.NextCounterState(new CommandCounterState(8, "c4"));

        var again = Verifier().Verify(signed.Token, Fixtures.Now.AddSeconds(1), state);

        Assert.Equal(CommandVerificationStatus.Duplicate, again.Status);
        Assert.False(again.IsAccepted);
        Assert.Equal(state, again.NextCounterState(state));
    }

    [Fact]
    public void ClockCounterSource_ManyCallsInOneTick_StrictlyIncrease()
    {
        var source = new ClockCommandCounterSource(_time);
        var values = new long[2000];
        Parallel.For(0, values.Length, i => values[i] = source.Next(Fixtures.Lock));

        Assert.Equal(values.Length, values.Distinct().Count());
        Assert.True(values.Min() >= Fixtures.Now.ToUnixTimeMilliseconds() * 1000);
        var sequential = source.Next(Fixtures.Lock);
        Assert.True(sequential > values.Max());
    }

    [Fact]
    public void ToRejectedReply_CarriesReasonDetailAndCommandId()
    {
        var verdict = Verifier().Verify(TestJws.Command(lockId: "dokk1-entrance", id: "cmd-77"), Fixtures.Now, CommandCounterState.Initial);
        var verdictForForged = Verifier().Verify(TestJws.Sign(TestJws.Command(lockId: "dokk1-entrance", id: "cmd-77")), Fixtures.Now, CommandCounterState.Initial);

        Assert.Equal(CommandRejectReason.Malformed, verdict.Reason);
        var reply = verdictForForged.ToRejectedReply(Fixtures.Lock, Fixtures.Now, 12);
        Assert.Equal(CommandRejectReason.WrongLock, reply.Reason);
        Assert.Equal("cmd-77", reply.CommandId);
        Assert.Equal(12, reply.AppliedVersion);
        Assert.True(LockMessageCodec.TryDecode<LockReply>(LockMessageCodec.Encode(reply), out _, out _));
    }

    private CommandVerifier Verifier() => new(_trusted, Fixtures.Lock);

    private static byte[] FromB64(string s)
    {
        s = s.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }
}

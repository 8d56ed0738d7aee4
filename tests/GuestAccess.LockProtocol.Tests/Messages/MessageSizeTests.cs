using GuestAccess.LockProtocol.Messages;
using GuestAccess.LockProtocol.Signing;
using GuestAccess.LockProtocol.Tests.Support;
using Xunit.Abstractions;

namespace GuestAccess.LockProtocol.Tests.Messages;

public sealed class MessageSizeTests(ITestOutputHelper output)
{
    [Fact]
    public void SyncCredentials_MaximumScheduledPins_FitsTheMessageLimitAndVerifies()
    {
        var pins = Enumerable.Range(0, CredentialListsMax)
            .Select(i => Samples.Pin with { CredentialId = $"cred-pin-{i:D6}", GrantId = $"grant-{i:D6}", Schedule = Samples.Schedule with { Posix = "<+01>-1<+02>,M3.5.0,M10.5.0/3" } })
            .ToList();
        var sync = new SyncCredentials { CommandId = "cmd-full", Lock = Fixtures.Lock, Version = 9, Lockdown = false, Credentials = pins, Revocations = [] };
        using var key = Fixtures.ServerKey();
        using var trusted = Fixtures.TrustedKeys();

        var signed = new CommandSigner(key, new SequenceCounterSource(1), new FixedTimeProvider(Fixtures.Now)).Sign(sync);
        var payloadBytes = LockMessageCodec.Encode(signed.Command).Length;
        output.WriteLine($"sync_credentials with {pins.Count} scheduled PINs: payload {payloadBytes} bytes, token {signed.Token.Length} characters");

        Assert.InRange(payloadBytes, 300_000, LockMessageCodec.MaxMessageBytes);
        Assert.True(new CommandVerifier(trusted, Fixtures.Lock).Verify(signed.Token, Fixtures.Now, CommandCounterState.Initial).IsAccepted);
        Assert.Throws<ArgumentException>(() => LockMessageCodec.Encode(sync with { Credentials = [.. pins, Samples.Pin with { CredentialId = "one-too-many" }] }));
    }

    private const int CredentialListsMax = 1000;
}

using FsCheck;
using FsCheck.Fluent;
using GuestAccess.LockProtocol.Credentials;
using GuestAccess.LockProtocol.Signing;
using GuestAccess.LockProtocol.Tests.Support;

namespace GuestAccess.LockProtocol.Tests.Signing;

/// <summary>A lock never crashes on what arrives on its commands topic or what someone holds to its reader.</summary>
public sealed class VerifierFuzzTests : IDisposable
{
    private static readonly string Token = TestJws.Sign(TestJws.Command());
    private readonly TrustedKeySet _trusted = Fixtures.TrustedKeys();

    public void Dispose() => _trusted.Dispose();

    [Fact]
    public void CommandVerifier_ArbitraryBytes_RejectsWithoutThrowing()
    {
        var verifier = new CommandVerifier(_trusted, Fixtures.Lock);
        Prop.ForAll<byte[]>(bytes => verifier.Verify(bytes, Fixtures.Now, CommandCounterState.Initial).Reason is not null)
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void CommandVerifier_MutatedValidToken_NeverAcceptsAndNeverThrows()
    {
        var verifier = new CommandVerifier(_trusted, Fixtures.Lock);
        Prop.ForAll<int, char>((position, replacement) =>
        {
            var at = (int)((uint)position % (uint)Token.Length);
            if (Token[at] == replacement)
            {
                return true;
            }

            var mutated = Token[..at] + replacement + Token[(at + 1)..];
            var verdict = verifier.Verify(mutated, Fixtures.Now, CommandCounterState.Initial);
            return verdict.Status == CommandVerificationStatus.Rejected || IsEquivalentEncoding(mutated);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(2000));
    }

    [Fact]
    public void MobileKeyVerifier_ArbitraryStrings_DenyWithoutThrowing()
    {
        var verifier = new MobileKeyVerifier(_trusted, Fixtures.Lock, "guestaccess");
        Prop.ForAll<string>(text => !verifier.Verify(text ?? string.Empty).IsValid).QuickCheckThrowOnFailure();
    }

    /// <summary>Strict canonical base64url means no other string decodes to the same bytes.</summary>
    private static bool IsEquivalentEncoding(string mutated) => mutated == Token;
}

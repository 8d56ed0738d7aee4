using System.Text;
using GuestAccess.LockProtocol.Credentials;
using GuestAccess.LockProtocol.Messages;
using GuestAccess.LockProtocol.Signing;
using GuestAccess.LockProtocol.Tests.Support;
using GuestAccess.LockProtocol.Topics;
using Xunit.Abstractions;

namespace GuestAccess.LockProtocol.Tests.Credentials;

public sealed class MobileKeyTests(ITestOutputHelper output) : IDisposable
{
    private const string Issuer = "guestaccess";

    private const string ClaimsJson = """
        {"v":1,"iss":"guestaccess","jti":"cred-key-3","gid":"grant-2","sub":"h-7f3a9c","locks":["dokk1-entrance","dokk1-room-3"],"nbf":1777914000,"exp":1780264800,"sch":{"tz":"Europe/Copenhagen","posix":"CET-1CEST,M3.5.0,M10.5.0/3","windows":[{"days":["mon","wed"],"from":"18:00","to":"22:00"},{"days":["fri"],"from":"22:00","to":"02:00"}]}}
        """;

    private readonly SigningKey _key = Fixtures.ServerKey();
    private readonly TrustedKeySet _trusted = Fixtures.TrustedKeys();

    public static MobileKeyClaims Claims => new()
    {
        Issuer = Issuer,
        CredentialId = "cred-key-3",
        GrantId = "grant-2",
        Holder = "h-7f3a9c",
        Locks = [Fixtures.OtherLock, Fixtures.Lock],
        NotBefore = DateTimeOffset.FromUnixTimeSeconds(1777914000),
        NotAfter = DateTimeOffset.FromUnixTimeSeconds(1780264800),
        Schedule = Samples.Schedule,
    };

    public void Dispose()
    {
        _key.Dispose();
        _trusted.Dispose();
    }

    [Fact]
    public void Issue_Claims_MatchGoldenJsonAndHeader()
    {
        var parts = new MobileKeyIssuer(_key).Issue(Claims).Split('.');

        Assert.Equal("""{"alg":"ES256","kid":"test-2026","typ":"ga-key+jwt"}""", Decode(parts[0]));
        Assert.Equal(ClaimsJson, Decode(parts[1]));
    }

    [Fact]
    public void Issue_TypicalKey_IsSmallEnoughForAQrCode()
    {
        var issuer = new MobileKeyIssuer(_key);
        var scheduled = issuer.Issue(Claims with { Schedule = Samples.Schedule with { Posix = "<+01>-1<+02>,M3.5.0,M10.5.0/3" } });
        var plain = issuer.Issue(Claims with { Schedule = null });
        output.WriteLine($"mobile key, 2 locks, no schedule: {plain.Length} characters");
        output.WriteLine($"mobile key, 2 locks, 2-window schedule (server-derived POSIX rule): {scheduled.Length} characters");

        // QR byte mode at error correction M: version 15 holds 412 bytes, version 20 holds 666.
        Assert.InRange(plain.Length, 300, 412);
        Assert.InRange(scheduled.Length, 412, 640);
        Assert.All(scheduled, c => Assert.True(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'));
    }

    [Fact]
    public void Verify_IssuedKey_IsValidForListedLockOnly()
    {
        var token = new MobileKeyIssuer(_key).Issue(Claims);

        var here = new MobileKeyVerifier(_trusted, Fixtures.Lock, Issuer).Verify(token);
        var elsewhere = new MobileKeyVerifier(_trusted, LockId.Parse("harlev-main"), Issuer).Verify(token);

        Assert.True(here.IsValid);
        Assert.Equal("cred-key-3", here.Claims!.CredentialId);
        Assert.Equal(DenialReason.WrongDoor, elsewhere.Denial);
    }

    [Fact]
    public void Verify_KeySignedByIndependentSigner_IsValid() =>
        Assert.True(Verify(TestJws.Sign(ClaimsJson, typ: "ga-key+jwt")).IsValid);

    [Fact]
    public void Verify_UnknownKeyId_IsUnknownCredential() =>
        Assert.Equal(DenialReason.UnknownCredential, Verify(TestJws.Sign(ClaimsJson, Fixtures.AttackerKeyPem, kid: "attacker", typ: "ga-key+jwt")).Denial);

    [Theory]
    [InlineData("attacker-key")]
    [InlineData("command-typ")]
    [InlineData("alg-none")]
    [InlineData("other-issuer")]
    [InlineData("unknown-claim")]
    [InlineData("no-locks")]
    [InlineData("garbage")]
    public void Verify_ForgedOrMalformedKey_IsInvalidCredential(string variant)
    {
        var token = variant switch
        {
            "attacker-key" => TestJws.Sign(ClaimsJson, Fixtures.AttackerKeyPem, typ: "ga-key+jwt"),
            "command-typ" => TestJws.Sign(ClaimsJson, typ: "ga-cmd+jws"),
            "alg-none" => TestJws.Sign(ClaimsJson, alg: "none", typ: "ga-key+jwt"),
            "other-issuer" => TestJws.Sign(ClaimsJson.Replace("\"guestaccess\"", "\"evil\"", StringComparison.Ordinal), typ: "ga-key+jwt"),
            "unknown-claim" => TestJws.Sign(ClaimsJson.Replace("{\"v\":1,", "{\"v\":1,\"admin\":true,", StringComparison.Ordinal), typ: "ga-key+jwt"),
            "no-locks" => TestJws.Sign(ClaimsJson.Replace("\"dokk1-entrance\",\"dokk1-room-3\"", "", StringComparison.Ordinal), typ: "ga-key+jwt"),
            _ => "definitely.not.a-key",
        };

        var result = Verify(token);

        Assert.Equal(DenialReason.InvalidCredential, result.Denial);
        Assert.Null(result.Claims);
    }

    [Fact]
    public void Issue_InvalidClaims_Throws() =>
        Assert.Throws<ArgumentException>(() => new MobileKeyIssuer(_key).Issue(Claims with { Holder = "Jens Hansen" }));

    private MobileKeyVerification Verify(string token) => new MobileKeyVerifier(_trusted, Fixtures.Lock, Issuer).Verify(token);

    private static string Decode(string part)
    {
        part = part.Replace('-', '+').Replace('_', '/');
        return Encoding.UTF8.GetString(Convert.FromBase64String(part.PadRight(part.Length + ((4 - (part.Length % 4)) % 4), '=')));
    }
}

using GuestAccess.LockProtocol.Signing;
using GuestAccess.LockProtocol.Tests.Support;

namespace GuestAccess.LockProtocol.Tests.Signing;

public sealed class KeyTests
{
    private const string X = "cplixErmsY5GPq0K3hSx174PNnOXSkDRBM2bE0m3nJQ";
    private const string Y = "5h6EE_9ijxLeBD8SYMedhIp0vT5Ndm3GueIqHoPm460";

    [Fact]
    public void PublicJwk_OfFixtureKey_MatchesIndependentlyComputedCoordinates()
    {
        using var key = Fixtures.ServerKey();
        Assert.Equal(
            $$"""{"kty":"EC","crv":"P-256","x":"{{X}}","y":"{{Y}}","kid":"test-2026","alg":"ES256","use":"sig"}""",
            key.PublicJwk.ToJson());
        Assert.Equal("UYAhsQtRGJzPxl70A1TwtA7EgG7HuUolYnziZ2NRQ_Y", key.PublicJwk.Thumbprint());
    }

    [Fact]
    public void Generate_ExportImport_RoundTripsAndSignsForTheSameJwk()
    {
        using var key = SigningKey.Generate("k-1");
        var jwk = EcPublicJwk.Parse(key.PublicJwk.ToJson());
        using var again = SigningKey.FromPkcs8Pem("k-1", key.ExportPkcs8Pem());

        Assert.Equal(key.PublicJwk, jwk);
        Assert.Equal(key.PublicJwk, again.PublicJwk);
        using var trusted = new TrustedKeySet(jwk);
        var signed = new CommandSigner(again, new SequenceCounterSource(1)).Sign(new LockProtocol.Messages.RequestStatus { CommandId = "c", Lock = Fixtures.Lock });
        Assert.True(new CommandVerifier(trusted, Fixtures.Lock).Verify(signed.Token, DateTimeOffset.UtcNow, CommandCounterState.Initial).IsAccepted);
    }

    [Theory]
    [InlineData("""{"kty":"EC","crv":"P-256","x":"X","y":"Y","kid":"k","d":"AAAA"}""")]
    [InlineData("""{"kty":"RSA","crv":"P-256","x":"X","y":"Y","kid":"k"}""")]
    [InlineData("""{"kty":"EC","crv":"P-384","x":"X","y":"Y","kid":"k"}""")]
    [InlineData("""{"kty":"EC","crv":"P-256","x":"X","y":"Y","kid":"k","alg":"ES384"}""")]
    [InlineData("""{"kty":"EC","crv":"P-256","x":"X","y":"Y","kid":"k","use":"enc"}""")]
    [InlineData("""{"kty":"EC","crv":"P-256","x":"X","y":"Y"}""")]
    [InlineData("""{"kty":"EC","crv":"P-256","x":"X","y":"Y","kid":"a/b"}""")]
    [InlineData("""{"kty":"EC","crv":"P-256","x":"AAAA","y":"Y","kid":"k"}""")]
    [InlineData("""{"kty":"EC","crv":"P-256","x":"X","y":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8","kid":"k"}""")]
    [InlineData("""["not an object"]""")]
    [InlineData("""{"kty":"EC","kty":"EC","crv":"P-256","x":"X","y":"Y","kid":"k"}""")]
    public void Parse_InvalidOrPrivateJwk_Throws(string template) =>
        Assert.Throws<FormatException>(() => EcPublicJwk.Parse(template.Replace("\"X\"", $"\"{X}\"", StringComparison.Ordinal).Replace("\"Y\"", $"\"{Y}\"", StringComparison.Ordinal)));

    [Fact]
    public void FromPkcs8Pem_Garbage_ThrowsArgumentException() =>
        Assert.Throws<ArgumentException>(() => SigningKey.FromPkcs8Pem("k", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"));

    [Fact]
    public void TrustedKeySet_DuplicateKeyId_Throws()
    {
        using var key = Fixtures.ServerKey();
        Assert.Throws<ArgumentException>(() => new TrustedKeySet(key.PublicJwk, key.PublicJwk));
    }
}

using GuestAccess.LockProtocol.Credentials;
using GuestAccess.LockProtocol.Tests.Support;

namespace GuestAccess.LockProtocol.Tests.Credentials;

public sealed class PinHasherTests
{
    /// <summary>Known answers computed independently (Python hmac/hashlib): HMAC-SHA256(salt, "ga-pin-v1:" + PIN).</summary>
    [Theory]
    [InlineData("000102030405060708090a0b0c0d0e0f", "48213957", "7829c02df2a161b5cbf9d19993294f76eb0be3517f3eb79ddb8ca489e852edaa")]
    [InlineData("000102030405060708090a0b0c0d0e0f", "2580", "5d7ab1dbf30716b00a15ccf85c023486aacc318927e98d643c9a2445513564d8")]
    [InlineData("000102030405060708090a0b0c0d0e0f", "739146820571", "49ce7b83a7ab9873ac6aa3313f87998411a42b380906f86d04a0b055e1fb6487")]
    public void ComputeHash_KnownAnswers_Match(string saltHex, string pin, string expectedHex) =>
        Assert.Equal(expectedHex, Convert.ToHexStringLower(PinHasher.ComputeHash(Convert.FromHexString(saltHex), pin)));

    [Fact]
    public void CreateCredential_KnownSalt_HasKnownBase64UrlForm()
    {
        var credential = PinHasher.CreateCredential("48213957", "c", "g", Samples.Pin.Validity, Convert.FromHexString("f0e1d2c3b4a5968778695a4b3c2d1e0f"));
        Assert.Equal("8OHSw7Sllod4aVpLPC0eDw", credential.Salt);
        Assert.Equal("l7LwM_Qwvjt6tVn1DhlczN_pSBdUWzmpeU5M8nC1lok", credential.Hash);
    }

    [Fact]
    public void Matches_RightPin_TrueAndAnyOtherPin_False()
    {
        var credential = Samples.Pin;
        Assert.True(PinHasher.Matches(credential, "48213957"));
        Assert.False(PinHasher.Matches(credential, "48213958"));
        Assert.False(PinHasher.Matches(credential, "4821395"));
        Assert.False(PinHasher.Matches(credential, "482139570"));
        Assert.False(PinHasher.Matches(credential, "4821 3957"));
        Assert.False(PinHasher.Matches(credential, ""));
    }

    [Fact]
    public void Matches_CorruptStoredCredential_FalseNotThrow()
    {
        Assert.False(PinHasher.Matches(Samples.Pin with { Salt = "!!" }, "48213957"));
        Assert.False(PinHasher.Matches(Samples.Pin with { Hash = "AAAA" }, "48213957"));
    }

    [Fact]
    public void CreateCredential_SamePinTwice_UsesFreshSaltsAndDifferentHashes()
    {
        var a = PinHasher.CreateCredential("48213957", "a", "g", Samples.Pin.Validity);
        var b = PinHasher.CreateCredential("48213957", "b", "g", Samples.Pin.Validity);
        Assert.NotEqual(a.Salt, b.Salt);
        Assert.NotEqual(a.Hash, b.Hash);
        Assert.True(PinHasher.Matches(a, "48213957") && PinHasher.Matches(b, "48213957"));
    }

    [Fact]
    public void FindMatches_AmongHundreds_FindsOnlyTheOne()
    {
        var credentials = Enumerable.Range(0, 300)
            .Select(i => PinHasher.CreateCredential((10_000_000 + (i * 7919)).ToString(System.Globalization.CultureInfo.InvariantCulture), $"c{i}", "g", Samples.Pin.Validity))
            .ToList();
        var match = Assert.Single(PinHasher.FindMatches(credentials, (10_000_000 + (123 * 7919)).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal("c123", match.CredentialId);
        Assert.Empty(PinHasher.FindMatches(credentials, "99999998"));
    }

    [Theory]
    [InlineData("123")]
    [InlineData("1234567890123")]
    [InlineData("12a4")]
    [InlineData("١٢٣٤٥٦")]
    public void ComputeHash_NotADigitPin_Throws(string pin) =>
        Assert.Throws<ArgumentException>(() => PinHasher.ComputeHash(Samples.Salt, pin));

    [Fact]
    public void ComputeHash_WrongSaltLength_Throws() =>
        Assert.Throws<ArgumentException>(() => PinHasher.ComputeHash(new byte[8], "123456"));
}

using GuestAccess.Server.Identity.Accounts;

namespace GuestAccess.Server.Tests.Identity;

public sealed class OneTimeCodeProviderTests
{
    // RFC 6238 appendix B (SHA-1 seed), the last six of the eight digits.
    [Theory]
    [InlineData(59L, 287082)]
    [InlineData(1111111109L, 81804)]
    [InlineData(1111111111L, 50471)]
    [InlineData(1234567890L, 5924)]
    [InlineData(2000000000L, 279037)]
    [InlineData(20000000000L, 353130)]
    public void Compute_Rfc6238Vectors_MatchTheAppendix(long unixSeconds, int expected)
    {
        var key = OneTimeCodeProvider.Base32.Decode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");

        Assert.Equal(expected, OneTimeCodeProvider.Compute(key!, unixSeconds / 30));
    }

    [Fact]
    public void Base32_LowerCaseAndPadding_DecodeToTheSameBytes()
    {
        var upper = OneTimeCodeProvider.Base32.Decode("MZXW6YTBOI======");
        var lower = OneTimeCodeProvider.Base32.Decode("mzxw6ytboi");

        Assert.Equal("foobar"u8.ToArray(), upper);
        Assert.Equal(upper, lower);
    }

    [Fact]
    public void Base32_CharacterOutsideTheAlphabet_IsRefused()
    {
        Assert.Null(OneTimeCodeProvider.Base32.Decode("MZXW6Y1B"));
    }
}

using GuestAccess.Domain.Common;

namespace GuestAccess.Domain.Tests.Common;

public sealed class SlugTests
{
    [Theory]
    [InlineData("dokk1", true)]
    [InlineData("dokk1-store-sal", true)]
    [InlineData("aaby", true)]
    [InlineData("", false)]
    [InlineData("-dokk1", false)]
    [InlineData("dokk1-", false)]
    [InlineData("dokk1--sal", false)]
    [InlineData("Dokk1", false)]
    [InlineData("åby", false)]
    [InlineData("locks/+", false)]
    [InlineData("a#b", false)]
    public void IsValid_OnlyLowercaseAsciiDigitsAndSingleHyphens(string value, bool expected)
    {
        Assert.Equal(expected, Slug.IsValid(value));
    }

    [Fact]
    public void IsValid_TooLong_IsFalse()
    {
        Assert.False(Slug.IsValid(new string('a', Slug.MaxLength + 1)));
        Assert.True(Slug.IsValid(new string('a', Slug.MaxLength)));
    }
}

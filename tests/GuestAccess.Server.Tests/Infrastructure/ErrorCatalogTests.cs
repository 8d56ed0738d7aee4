using GuestAccess.Server.Infrastructure.Problems;
using Microsoft.AspNetCore.Http;

namespace GuestAccess.Server.Tests.Infrastructure;

public sealed class ErrorCatalogTests
{
    [Fact]
    public void All_CodesAreUniqueSnakeCaseWithBothLanguages()
    {
        var errors = ErrorCatalog.All.ToList();

        Assert.Equal(errors.Count, errors.Select(e => e.Code).Distinct().Count());
        Assert.All(errors, e =>
        {
            Assert.Matches("^[a-z]+(_[a-z]+)*$", e.Code);
            Assert.False(string.IsNullOrWhiteSpace(e.TitleDa));
            Assert.False(string.IsNullOrWhiteSpace(e.TitleEn));
            Assert.InRange(e.Status, 400, 599);
        });
    }

    [Fact]
    public void ForCode_UncataloguedDomainCode_Is422KeepingTheCode()
    {
        var error = ErrorCatalog.ForCode("some_new_rule");

        Assert.Equal(422, error.Status);
        Assert.Equal("some_new_rule", error.Code);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("da", false)]
    [InlineData("da-DK,en;q=0.8", false)]
    [InlineData("en-GB,en;q=0.9,da;q=0.5", true)]
    [InlineData("da;q=0.5,en;q=0.9", true)]
    [InlineData("garbage;;;", false)]
    public void Language_PrefersEnglish_OnlyWhenEnglishRanksFirst(string? header, bool english)
    {
        var context = new DefaultHttpContext();
        if (header is not null)
        {
            context.Request.Headers.AcceptLanguage = header;
        }

        Assert.Equal(english, Language.PrefersEnglish(context.Request));
    }
}

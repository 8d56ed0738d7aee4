using System.Net;
using GuestAccess.Server.IntegrationTests.Infrastructure;

namespace GuestAccess.Server.IntegrationTests.Api;

public sealed class SitesApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task List_WithoutSigningIn_ListsDokk1AndTheSeventeenBranches()
    {
        var sites = await Server.GetJsonAsync<SiteSummary[]>("/api/v1/sites");

        Assert.Equal(18, sites.Length);
        var dokk1 = Assert.Single(sites, s => s.Slug == "dokk1");
        Assert.Equal(new Address("Hack Kampmanns Plads 2", "8000", "Aarhus C"), dokk1.Address);
        Assert.Equal("Europe/Copenhagen", dokk1.TimeZone);
        Assert.Contains(sites, s => s.Name == "Åby Bibliotek");
        Assert.Contains(sites, s => s.Slug == "skoedstrup" && s.Address.Street == "Rosenbakken 4");
    }

    [Fact]
    public async Task List_BranchWithUnknownAddress_LeavesItEmpty()
    {
        var sites = await Server.GetJsonAsync<SiteSummary[]>("/api/v1/sites");

        var tilst = Assert.Single(sites, s => s.Slug == "tilst");
        Assert.Equal(new Address(null, null, null), tilst.Address);
    }

    [Fact]
    public async Task Get_BySlugOrById_ReturnsTheSameSiteWithEntranceFirst()
    {
        var bySlug = await Server.GetJsonAsync<SiteDetail>("/api/v1/sites/dokk1");
        var byId = await Server.GetJsonAsync<SiteDetail>($"/api/v1/sites/{bySlug.Id}");

        Assert.Equal(bySlug.Id, byId.Id);
        Assert.Equal("entrance", bySlug.Doors[0].Kind);
        Assert.Equal(5, bySlug.Rooms.Length);
        Assert.Equal(7, bySlug.Doors.Length); // entrance + Store sal's two doors + one for each of the four other rooms
    }

    [Fact]
    public async Task Get_UnknownSite_Is404WithStableCode()
    {
        using var response = await Server.Client.GetAsync("/api/v1/sites/atlantis");

        var problem = await Problem.AssertAsync(response, HttpStatusCode.NotFound, "site_not_found");
        Assert.Equal("Biblioteket findes ikke", problem.Title);
    }

    [Fact]
    public async Task Get_AskingForEnglish_AnswersInEnglish()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/sites/atlantis");
        request.Headers.AcceptLanguage.ParseAdd("en-GB,en;q=0.9,da;q=0.5");

        using var response = await Server.Client.SendAsync(request);

        var problem = await Problem.AssertAsync(response, HttpStatusCode.NotFound, "site_not_found");
        Assert.Equal("Site not found", problem.Title);
    }

    [Fact]
    public async Task OpeningHours_Aaby_WeeklyIsLayeredAndJuleaftenIsClosed()
    {
        var hours = await Server.GetJsonAsync<OpeningHoursResponse>("/api/v1/sites/aaby/opening-hours?from=2026-12-23&days=3");

        var monday = Assert.Single(hours.Weekly, w => w.Day == "monday");
        Assert.Equal([new Period("07:00", "10:00", "selfService"), new Period("10:00", "18:00", "staffed"), new Period("18:00", "22:00", "selfService")], monday.Periods);
        Assert.Equal(["publicHolidays", "customaryClosingDays"], hours.HolidayClosures);

        Assert.Equal(3, hours.Days.Length);
        Assert.Equal("Juleaften", hours.Days[1].Exception);
        Assert.Empty(hours.Days[1].Periods);
        Assert.Equal("Juledag", hours.Days[2].Exception);
        var wednesday = hours.Days[0];
        Assert.Equal(DateTimeOffset.Parse("2026-12-23T06:00:00Z"), wednesday.Periods[0].StartsAt); // 07:00 CET
    }

    [Fact]
    public async Task OpeningHours_SpringForwardDay_ConvertsToRealInstants()
    {
        var hours = await Server.GetJsonAsync<OpeningHoursResponse>("/api/v1/sites/viby/opening-hours?from=2026-03-29&days=1");

        var day = Assert.Single(hours.Days);
        var period = Assert.Single(day.Periods);
        Assert.Equal(DateTimeOffset.Parse("2026-03-29T05:00:00Z"), period.StartsAt); // 07:00 CEST
        Assert.Equal(DateTimeOffset.Parse("2026-03-29T20:00:00Z"), period.EndsAt); // 22:00 CEST
    }

    [Theory]
    [InlineData("days=0", "days")]
    [InlineData("days=93", "days")]
    [InlineData("from=1999-12-31", "from")]
    public async Task OpeningHours_OutOfRangeQuery_IsValidationFailedNamingTheField(string query, string field)
    {
        using var response = await Server.Client.GetAsync($"/api/v1/sites/aaby/opening-hours?{query}");

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.Errors?.ContainsKey(field), $"Expected a field error for {field}.");
    }

    [Fact]
    public async Task OpeningHours_UnparsableDate_IsMalformedRequest()
    {
        using var response = await Server.Client.GetAsync("/api/v1/sites/aaby/opening-hours?from=banana");

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "malformed_request");
    }
}

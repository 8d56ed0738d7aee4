using GuestAccess.Server.IntegrationTests.Infrastructure;
using GuestAccess.Server.Seeding;

namespace GuestAccess.Server.IntegrationTests.Seeding;

public sealed class SeedReaderTests : IDisposable
{
    private readonly SeedFiles _seeds = new();

    public void Dispose() => _seeds.Dispose();

    [Fact]
    public void ReadDirectory_ShippedSeeds_AreValid()
    {
        var set = SeedReader.ReadDirectory(SeedFiles.Shipped);

        Assert.Equal(18, set.Sites.Count);
        Assert.Equal(8, set.Accounts.Count);
        Assert.All(set.Sites, s => Assert.Contains(s.Doors, d => d.Kind == Domain.Doors.DoorKind.Entrance));
    }

    [Fact]
    public void ReadDirectory_UnknownProperty_NamesFileAndLine()
    {
        _seeds.Edit(_seeds.Site("aaby"), json => json.Replace("  \"minimumAge\": 15,", "  \"minimumAge\": 15,\n  \"colour\": \"blue\","));

        var error = Assert.Throws<SeedException>(() => SeedReader.ReadDirectory(_seeds.Directory));

        Assert.EndsWith("aaby.json", error.File);
        Assert.Equal(7, error.Line);
        Assert.Contains("colour", error.Message);
    }

    [Fact]
    public void ReadDirectory_InvalidTime_NamesFileLineAndValue()
    {
        _seeds.Edit(_seeds.Site("aaby"), json => json.Replace("\"staffed\": \"10:00-18:00\"", "\"staffed\": \"10:00-25:00\""));

        var error = Assert.Throws<SeedException>(() => SeedReader.ReadDirectory(_seeds.Directory));

        Assert.Equal(15, error.Line);
        Assert.Contains("'25:00' is not a time", error.Message);
    }

    [Fact]
    public void ReadDirectory_UnknownDoorKind_IsRejected()
    {
        _seeds.Edit(_seeds.Site("viby"), json => json.Replace("\"kind\": \"entrance\"", "\"kind\": \"window\""));

        var error = Assert.Throws<SeedException>(() => SeedReader.ReadDirectory(_seeds.Directory));

        Assert.EndsWith("viby.json", error.File);
        Assert.Contains("$.doors[0].kind", error.Message);
    }

    [Fact]
    public void ReadDirectory_MissingRequiredProperty_IsRejected()
    {
        _seeds.Edit(_seeds.Site("trige"), json => json.Replace("  \"timeZone\": \"Europe/Copenhagen\",\n", string.Empty));

        var error = Assert.Throws<SeedException>(() => SeedReader.ReadDirectory(_seeds.Directory));

        Assert.Contains("timeZone", error.Message);
    }

    [Fact]
    public void ReadDirectory_TruncatedJson_NamesTheLine()
    {
        var file = _seeds.Site("tilst");
        File.WriteAllText(file, File.ReadAllText(file)[..120]);

        var error = Assert.Throws<SeedException>(() => SeedReader.ReadDirectory(_seeds.Directory));

        Assert.EndsWith("tilst.json", error.File);
        Assert.True(error.Line > 1);
    }

    [Fact]
    public void ReadDirectory_SlugUsedInTwoFiles_NamesBoth()
    {
        _seeds.Edit(_seeds.Site("viby"), json => json.Replace("\"viby-hovedindgang\"", "\"aaby-hovedindgang\""));

        var error = Assert.Throws<SeedException>(() => SeedReader.ReadDirectory(_seeds.Directory));

        Assert.EndsWith("viby.json", error.File);
        Assert.Contains("already used in aaby.json", error.Message);
        Assert.Contains("$.doors[0].slug", error.Message);
    }

    [Fact]
    public void ReadDirectory_RulesThatContradict_PointAtTheRoomRules()
    {
        _seeds.Edit(_seeds.Site("dokk1"), json => json.Replace("\"minDurationMinutes\": 60", "\"minDurationMinutes\": 600"));

        var error = Assert.Throws<SeedException>(() => SeedReader.ReadDirectory(_seeds.Directory));

        Assert.Contains("$.rooms[0].rules", error.Message);
    }

    [Fact]
    public void ReadDirectory_CaretakerOfUnknownSite_IsRejectedInAccounts()
    {
        _seeds.Edit(_seeds.Accounts, json => json.Replace("\"sites\": [\n            \"dokk1\"", "\"sites\": [\n            \"atlantis\""));

        var error = Assert.Throws<SeedException>(() => SeedReader.ReadDirectory(_seeds.Directory));

        Assert.EndsWith("accounts.json", error.File);
        Assert.Contains("Unknown site 'atlantis'", error.Message);
    }

    [Fact]
    public void ReadDirectory_IntegerForEnum_IsRejected()
    {
        _seeds.Edit(_seeds.Accounts, json => json.Replace("\"role\": \"admin\"", "\"role\": 3"));

        Assert.Throws<SeedException>(() => SeedReader.ReadDirectory(_seeds.Directory));
    }
}

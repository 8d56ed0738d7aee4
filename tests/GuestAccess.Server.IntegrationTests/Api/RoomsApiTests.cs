using System.Net;
using GuestAccess.Server.IntegrationTests.Infrastructure;

namespace GuestAccess.Server.IntegrationTests.Api;

public sealed class RoomsApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task Get_StoreSal_ListsEntranceAndBothRoomDoors()
    {
        var room = await Server.GetJsonAsync<Room>("/api/v1/rooms/dokk1-store-sal");

        Assert.Equal(260, room.Capacity);
        Assert.Equal("dokk1", room.Site.Slug);
        Assert.Equal(["dokk1-hovedindgang", "dokk1-store-sal-nord", "dokk1-store-sal-syd"], room.Doors.Select(d => d.Slug));
        Assert.Equal("entrance", room.Doors[0].Kind);
        Assert.Contains("hearingLoop", room.Equipment);
        Assert.Equal(360, room.BookingRules.MaxDurationMinutes);
        Assert.Equal(30, room.BookingRules.SlotMinutes);
    }

    [Fact]
    public async Task List_MinCapacity100_IsTheThreeHalls()
    {
        var rooms = await Server.GetJsonAsync<Room[]>("/api/v1/rooms?minCapacity=100");

        Assert.Equal(["aaby-salen", "dokk1-store-sal", "viby-salen"], rooms.Select(r => r.Slug).Order());
    }

    [Fact]
    public async Task List_BySiteAndEquipment_FiltersBoth()
    {
        var rooms = await Server.GetJsonAsync<Room[]>("/api/v1/rooms?site=dokk1&equipment=hearingLoop,projector");

        Assert.Equal(["dokk1-lille-sal", "dokk1-store-sal"], rooms.Select(r => r.Slug).Order());
    }

    [Fact]
    public async Task ListForSite_Aaby_HasSalenAndStudiekredslokalet()
    {
        var rooms = await Server.GetJsonAsync<Room[]>("/api/v1/sites/aaby/rooms");

        Assert.Equal([("Salen", 100), ("Studiekredslokalet", 12)], rooms.Select(r => (r.Name, r.Capacity)));
    }

    [Fact]
    public async Task List_UnknownEquipmentAndNegativeCapacity_ReportsBothFields()
    {
        using var response = await Server.Client.GetAsync("/api/v1/rooms?equipment=jacuzzi&minCapacity=-1");

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(["equipment", "minCapacity"], problem.Errors!.Keys.Order());
    }

    [Fact]
    public async Task List_UnknownSite_Is404()
    {
        using var response = await Server.Client.GetAsync("/api/v1/rooms?site=atlantis");

        await Problem.AssertAsync(response, HttpStatusCode.NotFound, "site_not_found");
    }

    [Fact]
    public async Task Get_UnknownRoom_Is404()
    {
        using var response = await Server.Client.GetAsync($"/api/v1/rooms/{Guid.NewGuid()}");

        await Problem.AssertAsync(response, HttpStatusCode.NotFound, "room_not_found");
    }
}

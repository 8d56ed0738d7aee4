using System.Text;
using GuestAccess.Server.Seeding;

namespace GuestAccess.Server.Tests.Seeding;

public sealed class JsonLineIndexTests
{
    private const string Json = """
        {
          "slug": "x",
          "rooms": [
            {
              "capacity": 10,
              "doors": [ { "slug": "a" } ]
            },
            {
              "capacity": 20
            }
          ]
        }
        """;

    [Theory]
    [InlineData("$.slug", 2)]
    [InlineData("$.rooms", 3)]
    [InlineData("$.rooms[0]", 4)]
    [InlineData("$.rooms[0].capacity", 5)]
    [InlineData("$.rooms[0].doors[0].slug", 6)]
    [InlineData("$.rooms[1].capacity", 9)]
    public void LineOf_KnownPath_IsWhereItsValueIs(string path, int line)
    {
        var index = JsonLineIndex.Build(Encoding.UTF8.GetBytes(Json));

        Assert.Equal(line, index.LineOf(path));
    }

    [Fact]
    public void LineOf_UnknownChild_FallsBackToNearestAncestor()
    {
        var index = JsonLineIndex.Build(Encoding.UTF8.GetBytes(Json));

        Assert.Equal(8, index.LineOf("$.rooms[1].rules.slotMinutes"));
    }
}

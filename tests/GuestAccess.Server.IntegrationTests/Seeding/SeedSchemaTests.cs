using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using GuestAccess.Server.IntegrationTests.Infrastructure;
using GuestAccess.Server.Seeding;

namespace GuestAccess.Server.IntegrationTests.Seeding;

/// <summary>
/// The JSON Schemas in seeds/schema help people editing seed files; the reader is what enforces
/// the rules. These tests keep the two describing the same properties.
/// </summary>
public sealed class SeedSchemaTests
{
    [Theory]
    [InlineData("site.schema.json", typeof(SiteSeed), "")]
    [InlineData("site.schema.json", typeof(AddressSeed), "/properties/address")]
    [InlineData("site.schema.json", typeof(PolicySeed), "/properties/policy")]
    [InlineData("site.schema.json", typeof(HoursSeed), "/properties/openingHours")]
    [InlineData("site.schema.json", typeof(WeeklyHoursSeed), "/$defs/weeklyHours")]
    [InlineData("site.schema.json", typeof(ExceptionSeed), "/$defs/exception")]
    [InlineData("site.schema.json", typeof(DoorSeed), "/$defs/door")]
    [InlineData("site.schema.json", typeof(RoomSeed), "/$defs/room")]
    [InlineData("site.schema.json", typeof(RulesSeed), "/$defs/room/properties/rules")]
    [InlineData("accounts.schema.json", typeof(AccountsSeed), "")]
    [InlineData("accounts.schema.json", typeof(AccountSeed), "/$defs/account")]
    [InlineData("accounts.schema.json", typeof(RoleSeed), "/$defs/role")]
    [InlineData("clients.schema.json", typeof(ClientsSeed), "")]
    [InlineData("clients.schema.json", typeof(ClientSeed), "/$defs/client")]
    public void Schema_DescribesExactlyTheReadersPropertiesAndRequiredOnes(string schemaFile, Type type, string pointer)
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(SeedFiles.Shipped, "schema", schemaFile)));
        var node = pointer.Split('/', StringSplitOptions.RemoveEmptyEntries).Aggregate(schema.RootElement, (e, part) => e.GetProperty(part));
        var info = SeedReader.Options.GetTypeInfo(type);

        var schemaProperties = node.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order();
        var schemaRequired = node.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(x => x.GetString()!).Order().ToArray() : [];

        Assert.Equal(info.Properties.Select(p => p.Name).Order(), schemaProperties);
        Assert.Equal(info.Properties.Where(IsRequired).Select(p => p.Name).Order(), schemaRequired);
        Assert.False(node.GetProperty("additionalProperties").GetBoolean());
    }

    private static bool IsRequired(JsonPropertyInfo property) =>
        property.AssociatedParameter is { IsNullable: false, HasDefaultValue: false } || property.IsRequired;
}

using GuestAccess.Server.Persistence;

namespace GuestAccess.Server.Tests.Persistence;

public sealed class ConventionsTests
{
    [Theory]
    [InlineData("SiteId", "site_id")]
    [InlineData("PK_sites", "pk_sites")]
    [InlineData("IX_doors_SiteId", "ix_doors_site_id")]
    [InlineData("NormalizedUserName", "normalized_user_name")]
    [InlineData("AddressPostalCode", "address_postal_code")]
    [InlineData("HTTPStatus", "http_status")]
    [InlineData("Sha256Hash", "sha256_hash")]
    public void ToSnakeCase_Names(string name, string expected)
    {
        Assert.Equal(expected, ModelConventions.ToSnakeCase(name));
    }

    [Fact]
    public void UtcMicroseconds_RoundTrip_TruncatesToMicrosecondsInUtc()
    {
        var local = new DateTimeOffset(2026, 10, 25, 2, 30, 0, TimeSpan.FromHours(2)).AddTicks(1234567);

        var stored = UtcMicrosecondsConverter.ToMicroseconds(local);
        var back = UtcMicrosecondsConverter.FromMicroseconds(stored);

        Assert.Equal(TimeSpan.Zero, back.Offset);
        Assert.Equal(local.UtcTicks / 10 * 10, back.UtcTicks);
    }

    [Fact]
    public void UtcMicroseconds_OrderIsPreserved()
    {
        var earlier = DateTimeOffset.Parse("1969-12-31T23:59:59Z");
        var later = DateTimeOffset.Parse("2026-01-01T00:00:00Z");

        Assert.True(UtcMicrosecondsConverter.ToMicroseconds(earlier) < UtcMicrosecondsConverter.ToMicroseconds(later));
    }
}

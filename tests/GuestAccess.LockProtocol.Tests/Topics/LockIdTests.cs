using GuestAccess.LockProtocol.Topics;

namespace GuestAccess.LockProtocol.Tests.Topics;

public sealed class LockIdTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("dokk1-room-3")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123")]
    public void TryParse_TopicSafeId_Succeeds(string value)
    {
        Assert.True(LockId.TryParse(value, out var lockId));
        Assert.Equal(value, lockId.Value);
        Assert.Equal(value, lockId.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Dokk1")]
    [InlineData("dokk1/room")]
    [InlineData("dokk1+")]
    [InlineData("dokk1#")]
    [InlineData("$sys")]
    [InlineData("room 3")]
    [InlineData("room_3")]
    [InlineData("rum-æ")]
    [InlineData("01234567890123456789012345678901234567890123456789012345678901234")]
    public void TryParse_UnsafeId_Fails(string? value)
    {
        Assert.False(LockId.TryParse(value, out var lockId));
        Assert.Equal(default, lockId);
    }

    [Fact]
    public void Parse_InvalidId_ThrowsWithoutEchoingInput()
    {
        var ex = Assert.Throws<FormatException>(() => LockId.Parse("evil/#"));
        Assert.DoesNotContain("evil", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Value_OfDefault_Throws() => Assert.Throws<InvalidOperationException>(() => default(LockId).Value);
}

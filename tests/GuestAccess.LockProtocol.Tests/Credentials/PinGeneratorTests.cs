using FsCheck;
using FsCheck.Fluent;
using GuestAccess.LockProtocol.Credentials;

namespace GuestAccess.LockProtocol.Tests.Credentials;

public sealed class PinGeneratorTests
{
    [Theory]
    [InlineData("00000000")]
    [InlineData("99999999")]
    [InlineData("12345678")]
    [InlineData("87654321")]
    [InlineData("78901234")]
    [InlineData("01234567")]
    [InlineData("12121212")]
    [InlineData("19841984")]
    [InlineData("123123")]
    [InlineData("11112222")]
    [InlineData("10101101")]
    [InlineData("1234")]
    [InlineData("12a45678")]
    public void IsWeak_TrivialPins_True(string pin) => Assert.True(PinGenerator.IsWeak(pin));

    [Theory]
    [InlineData("48213957")]
    [InlineData("739146")]
    [InlineData("20260329")]
    public void IsWeak_OrdinaryPins_False(string pin) => Assert.False(PinGenerator.IsWeak(pin));

    [Fact]
    public void Generate_AnyLength_ReturnsThatManyDigitsNeverWeak() =>
        Prop.ForAll(Gen.Choose(PinGenerator.MinGeneratedLength, 12).ToArbitrary(), length =>
        {
            var pin = PinGenerator.Generate(length);
            return pin.Length == length && pin.All(char.IsAsciiDigit) && !PinGenerator.IsWeak(pin);
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Generate_ManyPins_DigitsAreRoughlyUniform()
    {
        var counts = new int[10];
        for (var i = 0; i < 10_000; i++)
        {
            foreach (var c in PinGenerator.Generate())
            {
                counts[c - '0']++;
            }
        }

        // 80,000 digits: 8,000 expected per digit, standard deviation about 85; 600 is seven of them.
        Assert.All(counts, n => Assert.InRange(n, 7_400, 8_600));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(13)]
    public void Generate_LengthOutOfRange_Throws(int length) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PinGenerator.Generate(length));
}

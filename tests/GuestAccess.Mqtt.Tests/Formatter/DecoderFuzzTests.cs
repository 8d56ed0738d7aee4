using System.Buffers;
using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;
using GuestAccess.Mqtt.Formatter;
using GuestAccess.Mqtt.Packets;

namespace GuestAccess.Mqtt.Tests.Formatter;

/// <summary>
/// Random and mutated bytes fed to the frame reader and both decoders: the only exception allowed
/// is <see cref="MqttProtocolException"/>, each input finishes quickly, and allocation stays bounded.
/// </summary>
public sealed class DecoderFuzzTests
{
    private static readonly byte[][] Seeds = GoldenBytesTests.Cases.Select(c => (byte[])c[3]).ToArray();

    [Fact]
    public void Decode_RandomBytes_OnlyProtocolExceptionEscapes()
    {
        var gen = Gen.Choose(0, 48).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), n));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(5000), Prop.ForAll(gen.ToArbitrary(), bytes => DecodeSafely(bytes)));
    }

    [Fact]
    public void Decode_MutatedGoldenPackets_OnlyProtocolExceptionEscapes()
    {
        var gen =
            from seed in Gen.Elements(Seeds)
            from kind in Gen.Choose(0, 5)
            from position in Gen.Choose(0, 1000)
            from value in Gen.Choose(0, 255)
            from bit in Gen.Choose(0, 7)
            select Mutate(seed, kind, position, (byte)value, bit);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(20_000), Prop.ForAll(gen.ToArbitrary(), bytes => DecodeSafely(bytes)));
    }

    [Fact]
    public void Decode_GoldenPacketsWithTypeByteSwapped_OnlyProtocolExceptionEscapes()
    {
        foreach (var seed in Seeds)
        {
            for (var header = 0; header < 256; header++)
            {
                var bytes = (byte[])seed.Clone();
                bytes[0] = (byte)header;
                Assert.True(DecodeSafely(bytes));
            }
        }
    }

    private static byte[] Mutate(byte[] seed, int kind, int position, byte value, int bit)
    {
        var bytes = new List<byte>(seed);
        var at = position % (bytes.Count + 1);
        switch (kind)
        {
            case 0 when at < bytes.Count:
                bytes[at] ^= (byte)(1 << bit);
                break;
            case 1 when at < bytes.Count:
                bytes[at] = value;
                break;
            case 2:
                bytes.Insert(at, value);
                break;
            case 3 when at < bytes.Count:
                bytes.RemoveAt(at);
                break;
            case 4:
                bytes.RemoveRange(at, bytes.Count - at);
                break;
            default:
                bytes.AddRange(bytes.Take(at).ToArray());
                break;
        }

        return [.. bytes];
    }

    private static bool DecodeSafely(byte[] bytes)
    {
        var started = Stopwatch.GetTimestamp();
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        foreach (var decode in new Func<MqttFrame, MqttPacket>[] { f => MqttPacketFormatter.V311.Decode(f), f => MqttPacketFormatter.V500.Decode(f), f => MqttPacketFormatter.DecodeConnect(f) })
        {
            var buffer = new ReadOnlySequence<byte>(bytes);
            try
            {
                while (MqttFrameReader.TryReadFrame(ref buffer, 64 * 1024, out var frame))
                {
                    decode(frame);
                }
            }
            catch (MqttProtocolException)
            {
                // The one exception allowed.
            }
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        Assert.True(allocated < 64 * 1024, $"decoding {Convert.ToHexString(bytes)} allocated {allocated} bytes");
        Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(1), $"decoding {Convert.ToHexString(bytes)} took too long");
        return true;
    }
}

using System.Text;
using FsCheck;
using FsCheck.Fluent;
using GuestAccess.LockProtocol.Messages;

namespace GuestAccess.LockProtocol.Tests.Messages;

/// <summary>Bad input never throws: the decoder answers every byte string with a message or an error.</summary>
public sealed class DecodeFuzzTests
{
    private static readonly byte[] Golden = Encoding.UTF8.GetBytes(
        """{"v":1,"type":"event_batch","lock":"dokk1-room-3","events":[{"seq":101,"at":1777881600,"door":"room-3","kind":"entry_attempt","outcome":"denied","method":"pin","reason":"wrong_pin"}]}""");

    [Fact]
    public void TryDecode_ArbitraryBytes_NeverThrows() =>
        Prop.ForAll<byte[]>(bytes => DecodesOrErrs(bytes)).QuickCheckThrowOnFailure();

    [Fact]
    public void TryDecode_MutatedGoldenMessage_NeverThrows() =>
        Prop.ForAll<int, byte, bool>((position, value, truncate) =>
        {
            var bytes = (byte[])Golden.Clone();
            var at = (int)((uint)position % (uint)bytes.Length);
            bytes[at] = value;
            return DecodesOrErrs(truncate ? bytes[..at] : bytes);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(2000));

    private static bool DecodesOrErrs(byte[] bytes) =>
        LockMessageCodec.TryDecode<LockMessage>(bytes, out var message, out var error) ? message is not null : error is not null;
}

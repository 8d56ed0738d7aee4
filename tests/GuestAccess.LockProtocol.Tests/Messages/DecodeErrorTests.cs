using System.Text;
using GuestAccess.LockProtocol.Messages;

namespace GuestAccess.LockProtocol.Tests.Messages;

public sealed class DecodeErrorTests
{
    private const string Ack = """{"v":1,"type":"command_ack","lock":"dokk1-room-3","commandId":"cmd-1","at":1777881600,"appliedVersion":7}""";

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("42")]
    [InlineData("{\"v\":1,\"type\":\"command_ack\"")]
    [InlineData(Ack + "{}")]
    public void TryDecode_NotAJsonObject_IsMalformed(string json) =>
        AssertError<LockMessage>(json, ProtocolErrorCode.Malformed);

    [Theory]
    [InlineData("""{"v":2,"type":"command_ack","lock":"dokk1-room-3","commandId":"cmd-1","at":1,"appliedVersion":7}""")]
    [InlineData("""{"type":"something_from_the_future","v":7,"payload":{"x":[1,2,3]}}""")]
    [InlineData("""{"v":0,"type":"status"}""")]
    public void TryDecode_OtherSchemaVersion_IsUnsupportedVersionBeforeAnythingElse(string json) =>
        AssertError<LockMessage>(json, ProtocolErrorCode.UnsupportedVersion);

    [Theory]
    [InlineData("""{"type":"command_ack","lock":"dokk1-room-3"}""")]
    [InlineData("""{"v":"1","type":"command_ack"}""")]
    [InlineData("""{"v":1.5,"type":"command_ack"}""")]
    [InlineData("""{"v":-1,"type":"command_ack"}""")]
    [InlineData("""{"v":1}""")]
    [InlineData("""{"v":1,"type":7}""")]
    public void TryDecode_MissingOrInvalidHeader_IsMalformed(string json) =>
        AssertError<LockMessage>(json, ProtocolErrorCode.Malformed);

    [Fact]
    public void TryDecode_UnknownType_IsUnsupportedTypeAndNamesIt()
    {
        var error = AssertError<LockMessage>("""{"v":1,"type":"open_sesame","lock":"dokk1-room-3"}""", ProtocolErrorCode.UnsupportedType);
        Assert.Contains("open_sesame", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_UnknownTypeWithUnsafeName_DoesNotEchoIt()
    {
        var error = AssertError<LockMessage>("""{"v":1,"type":"<script>alert(1)</script>"}""", ProtocolErrorCode.UnsupportedType);
        Assert.DoesNotContain("script", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_KnownTypeOnWrongTopic_IsUnexpectedType() =>
        AssertError<EventBatch>(Ack, ProtocolErrorCode.UnexpectedType);

    [Fact]
    public void TryDecode_UnknownField_IsMalformedAndNamesThePath()
    {
        var error = AssertError<LockReply>(Ack.Replace("}", ",\"admin\":true}", StringComparison.Ordinal), ProtocolErrorCode.Malformed);
        Assert.Contains("$.admin", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_DuplicateField_IsMalformed() =>
        AssertError<LockReply>(Ack.Replace("\"appliedVersion\":7", "\"appliedVersion\":7,\"appliedVersion\":9", StringComparison.Ordinal), ProtocolErrorCode.Malformed);

    [Fact]
    public void TryDecode_MissingRequiredField_IsMalformedAndNamesTheField()
    {
        var error = AssertError<LockReply>(Ack.Replace(",\"appliedVersion\":7", "", StringComparison.Ordinal), ProtocolErrorCode.Malformed);
        Assert.Contains("appliedVersion", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"at\":1777881600", "\"at\":\"2026-05-04T08:00:00Z\"")]
    [InlineData("\"at\":1777881600", "\"at\":1777881600.5")]
    [InlineData("\"appliedVersion\":7", "\"appliedVersion\":\"7\"")]
    [InlineData("\"lock\":\"dokk1-room-3\"", "\"lock\":\"Dokk1/#\"")]
    [InlineData("\"lock\":\"dokk1-room-3\"", "\"lock\":null")]
    [InlineData("\"commandId\":\"cmd-1\"", "\"commandId\":\"cmd 1\"")]
    public void TryDecode_InvalidFieldValue_IsMalformed(string from, string to) =>
        AssertError<LockReply>(Ack.Replace(from, to, StringComparison.Ordinal), ProtocolErrorCode.Malformed);

    [Theory]
    [InlineData("\"kind\":\"door_forced\"", "\"kind\":\"DOOR_FORCED\"")]
    [InlineData("\"kind\":\"door_forced\"", "\"kind\":1")]
    [InlineData("\"kind\":\"door_forced\"", "\"kind\":\"teleported\"")]
    [InlineData("\"seq\":5", "\"seq\":0")]
    [InlineData("\"kind\":\"door_forced\"", "\"kind\":\"entry_attempt\"")]
    [InlineData("\"kind\":\"door_forced\"", "\"kind\":\"door_forced\",\"outcome\":\"granted\"")]
    public void TryDecode_EventBreakingARule_IsMalformed(string from, string to)
    {
        const string Batch = """{"v":1,"type":"event_batch","lock":"dokk1-room-3","events":[{"seq":5,"at":1777881600,"door":"room-3","kind":"door_forced"}]}""";
        Assert.True(LockMessageCodec.TryDecode<EventBatch>(Batch, out _, out _));
        AssertError<EventBatch>(Batch.Replace(from, to, StringComparison.Ordinal), ProtocolErrorCode.Malformed);
    }

    [Fact]
    public void TryDecode_EventsOutOfOrder_IsMalformed() => AssertError<EventBatch>(
        """{"v":1,"type":"event_batch","lock":"dokk1-room-3","events":[{"seq":6,"at":1,"door":"d","kind":"tamper"},{"seq":6,"at":1,"door":"d","kind":"tamper"}]}""",
        ProtocolErrorCode.Malformed);

    [Fact]
    public void TryDecode_DeeplyNested_IsMalformed()
    {
        var json = "{\"v\":1,\"type\":\"status\",\"x\":" + new string('[', 200) + new string(']', 200) + "}";
        AssertError<LockMessage>(json, ProtocolErrorCode.Malformed);
    }

    [Fact]
    public void TryDecode_TooLarge_IsTooLarge()
    {
        var big = new byte[LockMessageCodec.MaxMessageBytes + 1];
        Assert.False(LockMessageCodec.TryDecode<LockMessage>(big, out _, out var error));
        Assert.Equal(ProtocolErrorCode.TooLarge, error.Code);
    }

    [Fact]
    public void Encode_InvalidMessage_ThrowsArgumentException() =>
        Assert.Throws<ArgumentException>(() => LockMessageCodec.Encode(new EventBatch { Lock = Support.Fixtures.Lock, Events = [] }));

    [Fact]
    public void ProtocolError_CodeName_IsTheWireName() =>
        Assert.Equal("unsupported_version", new ProtocolError(ProtocolErrorCode.UnsupportedVersion, "x").CodeName);

    private static ProtocolError AssertError<T>(string json, ProtocolErrorCode expected)
        where T : LockMessage
    {
        Assert.False(LockMessageCodec.TryDecode<T>(Encoding.UTF8.GetBytes(json), out var message, out var error));
        Assert.Null(message);
        Assert.Equal(expected, error.Code);
        Assert.DoesNotContain("System.", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("GuestAccess.", error.Message, StringComparison.Ordinal);
        return error;
    }
}

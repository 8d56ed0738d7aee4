namespace GuestAccess.Mqtt;

/// <summary>
/// The one exception type for a peer that broke the protocol (malformed bytes, a forbidden
/// property, a packet too large, ...). <see cref="ReasonCode"/> is what an MQTT 5.0 DISCONNECT
/// carries; an MQTT 3.1.1 connection is simply closed.
/// </summary>
public sealed class MqttProtocolException : Exception
{
    public MqttProtocolException(MqttReasonCode reasonCode, string message)
        : base(message) => ReasonCode = reasonCode;

    public MqttProtocolException()
        : this(MqttReasonCode.ProtocolError, "MQTT protocol error.")
    {
    }

    public MqttProtocolException(string message)
        : this(MqttReasonCode.ProtocolError, message)
    {
    }

    public MqttProtocolException(string message, Exception innerException)
        : base(message, innerException) => ReasonCode = MqttReasonCode.ProtocolError;

    public MqttReasonCode ReasonCode { get; }

    internal static MqttProtocolException Malformed(string message) => new(MqttReasonCode.MalformedPacket, message);

    internal static MqttProtocolException Protocol(string message) => new(MqttReasonCode.ProtocolError, message);
}

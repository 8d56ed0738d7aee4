using GuestAccess.Mqtt.Packets;

namespace GuestAccess.Mqtt.Client;

public sealed record MqttConnectResult(MqttReasonCode ReasonCode, bool SessionPresent, string ClientId, MqttProperties? ServerProperties);

/// <summary>QoS 0: always success once queued. QoS 1: the PUBACK reason (e.g. 0x87 NotAuthorized from a 5.0 server).</summary>
public sealed record MqttPublishResult(MqttReasonCode ReasonCode, string? ReasonString = null)
{
    public static readonly MqttPublishResult Sent = new(MqttReasonCode.Success);

    public bool IsSuccess => ReasonCode < MqttReasonCode.UnspecifiedError;
}

public sealed record MqttSubscribeResult(IReadOnlyList<MqttReasonCode> ReasonCodes)
{
    public bool AllGranted => ReasonCodes.All(c => c < MqttReasonCode.UnspecifiedError);
}

public sealed record MqttUnsubscribeResult(IReadOnlyList<MqttReasonCode> ReasonCodes);

/// <summary>Why the connection ended: a server DISCONNECT reason (5.0), or null when the transport closed.</summary>
public sealed record MqttDisconnectInfo(MqttReasonCode? ServerReasonCode, Exception? Exception, bool WillReconnect);

/// <summary>The server refused CONNECT.</summary>
public sealed class MqttConnectException : Exception
{
    public MqttConnectException(MqttReasonCode reasonCode)
        : base($"The MQTT server refused the connection: {reasonCode} (0x{(byte)reasonCode:X2}).") => ReasonCode = reasonCode;

    public MqttConnectException()
        : this(MqttReasonCode.UnspecifiedError)
    {
    }

    public MqttConnectException(string message)
        : base(message) => ReasonCode = MqttReasonCode.UnspecifiedError;

    public MqttConnectException(string message, Exception innerException)
        : base(message, innerException) => ReasonCode = MqttReasonCode.UnspecifiedError;

    public MqttReasonCode ReasonCode { get; }
}

/// <summary>The operation needs a connection and there is none (or it was lost before the answer came).</summary>
public sealed class MqttClientNotConnectedException : Exception
{
    public MqttClientNotConnectedException()
        : base("The MQTT client is not connected.")
    {
    }

    public MqttClientNotConnectedException(string message)
        : base(message)
    {
    }

    public MqttClientNotConnectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

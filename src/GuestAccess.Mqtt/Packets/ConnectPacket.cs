namespace GuestAccess.Mqtt.Packets;

public sealed class ConnectPacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.Connect;

    public required MqttProtocolVersion ProtocolVersion { get; init; }

    /// <summary>May be empty: the server then assigns one (5.0) or requires a clean session (3.1.1).</summary>
    public string ClientId { get; init; } = "";

    /// <summary>Clean Start (5.0) / Clean Session (3.1.1).</summary>
    public bool CleanStart { get; init; } = true;

    public ushort KeepAliveSeconds { get; init; }

    public string? Username { get; init; }

    public byte[]? Password { get; init; }

    public MqttWill? Will { get; init; }

    public MqttProperties? Properties { get; init; }
}

/// <summary>The will message carried by CONNECT.</summary>
public sealed class MqttWill
{
    public required string Topic { get; init; }

    public ReadOnlyMemory<byte> Payload { get; init; }

    public MqttQualityOfService QualityOfService { get; init; }

    public bool Retain { get; init; }

    /// <summary>5.0 will properties (will delay interval, message expiry, content type, ...).</summary>
    public MqttProperties? Properties { get; init; }
}

public sealed class ConnAckPacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.ConnAck;

    public bool SessionPresent { get; init; }

    /// <summary>5.0 reason code; a 3.1.1 return code is mapped onto the matching 5.0 code.</summary>
    public MqttReasonCode ReasonCode { get; init; }

    public MqttProperties? Properties { get; init; }
}

namespace GuestAccess.Mqtt.Packets;

public sealed class DisconnectPacket : MqttPacket
{
    public static readonly DisconnectPacket Normal = new();

    public override MqttPacketType Type => MqttPacketType.Disconnect;

    /// <summary>5.0 only; 3.1.1 DISCONNECT has no body.</summary>
    public MqttReasonCode ReasonCode { get; init; }

    public MqttProperties? Properties { get; init; }
}

/// <summary>5.0 AUTH (enhanced authentication exchange).</summary>
public sealed class AuthPacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.Auth;

    public MqttReasonCode ReasonCode { get; init; }

    public MqttProperties? Properties { get; init; }
}

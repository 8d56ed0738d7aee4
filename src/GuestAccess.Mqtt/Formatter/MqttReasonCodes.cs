using GuestAccess.Mqtt.Packets;

namespace GuestAccess.Mqtt.Formatter;

/// <summary>Which 5.0 reason codes each packet may carry (spec 2.4 table), and the 3.1.1 mappings.</summary>
internal static class MqttReasonCodes
{
    private static readonly Dictionary<MqttPacketType, bool[]> Valid = new()
    {
        [MqttPacketType.ConnAck] = Table(0x00, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8A, 0x8C, 0x90, 0x95, 0x97, 0x99, 0x9A, 0x9B, 0x9C, 0x9D, 0x9F),
        [MqttPacketType.PubAck] = Table(0x00, 0x10, 0x80, 0x83, 0x87, 0x90, 0x91, 0x97, 0x99),
        [MqttPacketType.PubRec] = Table(0x00, 0x10, 0x80, 0x83, 0x87, 0x90, 0x91, 0x97, 0x99),
        [MqttPacketType.PubRel] = Table(0x00, 0x92),
        [MqttPacketType.PubComp] = Table(0x00, 0x92),
        [MqttPacketType.SubAck] = Table(0x00, 0x01, 0x02, 0x80, 0x83, 0x87, 0x8F, 0x91, 0x97, 0x9E, 0xA1, 0xA2),
        [MqttPacketType.UnsubAck] = Table(0x00, 0x11, 0x80, 0x83, 0x87, 0x8F, 0x91),
        [MqttPacketType.Disconnect] = Table(0x00, 0x04, 0x80, 0x81, 0x82, 0x83, 0x87, 0x89, 0x8B, 0x8D, 0x8E, 0x8F, 0x90, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9A, 0x9B, 0x9C, 0x9D, 0x9E, 0x9F, 0xA0, 0xA1, 0xA2),
        [MqttPacketType.Auth] = Table(0x00, 0x18, 0x19),
    };

    public static MqttReasonCode Check(MqttPacketType type, byte code) =>
        Valid[type][code] ? (MqttReasonCode)code : throw MqttProtocolException.Protocol($"Reason code 0x{code:X2} is not valid in {type}.");

    /// <summary>3.1.1 CONNACK return code for a 5.0 reason code.</summary>
    public static byte ToV311ConnectReturnCode(MqttReasonCode code) => code switch
    {
        MqttReasonCode.Success => 0,
        MqttReasonCode.UnsupportedProtocolVersion => 1,
        MqttReasonCode.ClientIdentifierNotValid => 2,
        MqttReasonCode.BadUserNameOrPassword => 4,
        MqttReasonCode.NotAuthorized or MqttReasonCode.Banned => 5,
        _ => 3,
    };

    public static MqttReasonCode FromV311ConnectReturnCode(byte code) => code switch
    {
        0 => MqttReasonCode.Success,
        1 => MqttReasonCode.UnsupportedProtocolVersion,
        2 => MqttReasonCode.ClientIdentifierNotValid,
        3 => MqttReasonCode.ServerUnavailable,
        4 => MqttReasonCode.BadUserNameOrPassword,
        5 => MqttReasonCode.NotAuthorized,
        _ => throw MqttProtocolException.Malformed("Unknown CONNACK return code."),
    };

    private static bool[] Table(params int[] codes)
    {
        var table = new bool[256];
        foreach (var code in codes)
        {
            table[code] = true;
        }

        return table;
    }
}

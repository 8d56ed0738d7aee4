using GuestAccess.Mqtt.Packets;

namespace GuestAccess.Mqtt;

/// <summary>Maps the 5.0 fields of an application message to PUBLISH properties (null when there are none).</summary>
internal static class MqttMessageProperties
{
    public static MqttProperties? From(MqttApplicationMessage m)
    {
        if (!m.PayloadIsUtf8 && m.MessageExpiryInterval is null && m.ContentType is null && m.ResponseTopic is null
            && m.CorrelationData is null && m.UserProperties is not { Count: > 0 })
        {
            return null;
        }

        return new MqttProperties
        {
            PayloadFormatIndicator = m.PayloadIsUtf8 ? (byte)1 : null,
            MessageExpiryInterval = m.MessageExpiryInterval,
            ContentType = m.ContentType,
            ResponseTopic = m.ResponseTopic,
            CorrelationData = m.CorrelationData?.ToArray(),
            UserProperties = m.UserProperties is { Count: > 0 } users ? [.. users] : null,
        };
    }
}

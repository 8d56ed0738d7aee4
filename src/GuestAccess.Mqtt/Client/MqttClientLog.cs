using Microsoft.Extensions.Logging;

namespace GuestAccess.Mqtt.Client;

/// <summary>Client log events (ids 2000-2099). Never payloads or passwords.</summary>
internal static partial class MqttClientLog
{
    [LoggerMessage(2001, LogLevel.Debug, "MQTT client {ClientId} connected (session present {SessionPresent})")]
    public static partial void Connected(ILogger logger, string clientId, bool sessionPresent);

    [LoggerMessage(2002, LogLevel.Information, "MQTT client {ClientId} lost its connection (server reason {ReasonCode})")]
    public static partial void ConnectionLost(ILogger logger, string clientId, MqttReasonCode? reasonCode);

    [LoggerMessage(2003, LogLevel.Information, "MQTT client {ClientId} reconnect attempt {Attempt} failed: {Detail}")]
    public static partial void ReconnectFailed(ILogger logger, string clientId, int attempt, string detail);

    [LoggerMessage(2004, LogLevel.Error, "The message handler of MQTT client {ClientId} failed on topic {Topic}; the message is not acknowledged and the connection is reset so the server redelivers it")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string clientId, string topic);

    [LoggerMessage(2005, LogLevel.Warning, "MQTT client {ClientId}: protocol violation by the server: {ReasonCode} ({Detail})")]
    public static partial void ProtocolViolation(ILogger logger, string clientId, MqttReasonCode reasonCode, string detail);

    [LoggerMessage(2006, LogLevel.Warning, "MQTT client {ClientId}: no PINGRESP within the keep-alive; closing the connection")]
    public static partial void KeepAliveTimeout(ILogger logger, string clientId);

    [LoggerMessage(2007, LogLevel.Debug, "MQTT client {ClientId} dropped a QoS 0 message on {Topic}: the delivery queue is full")]
    public static partial void DeliveryDropped(ILogger logger, string clientId, string topic);

    [LoggerMessage(2008, LogLevel.Warning, "MQTT client {ClientId}: the server took the session over for another connection; not reconnecting")]
    public static partial void SessionTakenOver(ILogger logger, string clientId);

    [LoggerMessage(2009, LogLevel.Warning, "MQTT client {ClientId}: resubscribing to {TopicFilter} failed: {ReasonCode}")]
    public static partial void ResubscribeFailed(ILogger logger, string clientId, string topicFilter, MqttReasonCode reasonCode);

    [LoggerMessage(2010, LogLevel.Error, "MQTT client {ClientId}: sending failed")]
    public static partial void WriterFault(ILogger logger, Exception exception, string clientId);

    [LoggerMessage(2011, LogLevel.Error, "MQTT client {ClientId}: a connection callback failed")]
    public static partial void CallbackFailed(ILogger logger, Exception exception, string clientId);

    [LoggerMessage(2012, LogLevel.Information, "MQTT client {ClientId}: the delivery queue is full ({Count} messages); reading paused until the handler takes one")]
    public static partial void DeliveriesFull(ILogger logger, string clientId, int count);
}

using System.Net;
using Microsoft.Extensions.Logging;

namespace GuestAccess.Mqtt.Server;

/// <summary>Broker log events (ids 1000-1099). Never payloads, passwords or other credentials.</summary>
internal static partial class MqttBrokerLog
{
    [LoggerMessage(1001, LogLevel.Information, "MQTT broker listening on {EndPoint}")]
    public static partial void Listening(ILogger logger, EndPoint? endPoint);

    [LoggerMessage(1002, LogLevel.Information, "MQTT broker stopped ({Connections} connections closed)")]
    public static partial void Stopped(ILogger logger, int connections);

    [LoggerMessage(1003, LogLevel.Debug, "Client {ClientId} connected from {RemoteEndPoint} (protocol {Version}, session present {SessionPresent})")]
    public static partial void ClientConnected(ILogger logger, string clientId, EndPoint? remoteEndPoint, MqttProtocolVersion version, bool sessionPresent);

    [LoggerMessage(1004, LogLevel.Debug, "Client {ClientId} disconnected (clean {Graceful})")]
    public static partial void ClientDisconnected(ILogger logger, string clientId, bool graceful);

    [LoggerMessage(1005, LogLevel.Information, "Connection of client {ClientId} from {RemoteEndPoint} refused: {ReasonCode}")]
    public static partial void ConnectRefused(ILogger logger, string clientId, EndPoint? remoteEndPoint, MqttReasonCode reasonCode);

    [LoggerMessage(1006, LogLevel.Warning, "Protocol violation by client {ClientId} from {RemoteEndPoint}: {ReasonCode} ({Detail})")]
    public static partial void ProtocolViolation(ILogger logger, string? clientId, EndPoint? remoteEndPoint, MqttReasonCode reasonCode, string detail);

    [LoggerMessage(1007, LogLevel.Information, "Client {ClientId} is not authorized to publish to {Topic}")]
    public static partial void PublishDenied(ILogger logger, string clientId, string topic);

    [LoggerMessage(1008, LogLevel.Information, "Client {ClientId} is not authorized to subscribe to {TopicFilter}")]
    public static partial void SubscribeDenied(ILogger logger, string clientId, string topicFilter);

    [LoggerMessage(1009, LogLevel.Information, "Client {ClientId} exceeded its keep-alive of {KeepAliveSeconds} s; closing")]
    public static partial void KeepAliveTimeout(ILogger logger, string clientId, int keepAliveSeconds);

    [LoggerMessage(1010, LogLevel.Information, "Session of client {ClientId} taken over by a new connection")]
    public static partial void SessionTakenOver(ILogger logger, string clientId);

    [LoggerMessage(1011, LogLevel.Error, "Unexpected error on the connection of client {ClientId}")]
    public static partial void UnexpectedError(ILogger logger, Exception exception, string? clientId);

    [LoggerMessage(1012, LogLevel.Error, "The authentication hook failed for client {ClientId}")]
    public static partial void AuthenticatorFailed(ILogger logger, Exception exception, string clientId);

    [LoggerMessage(1013, LogLevel.Warning, "Accepting a TCP connection failed")]
    public static partial void AcceptFailed(ILogger logger, Exception exception);

    [LoggerMessage(1014, LogLevel.Warning, "Retained message store is full ({Capacity}); retained message for {Topic} not stored")]
    public static partial void RetainedStoreFull(ILogger logger, int capacity, string topic);

    [LoggerMessage(1015, LogLevel.Information, "TLS handshake with {RemoteEndPoint} failed: {Detail}")]
    public static partial void TlsHandshakeFailed(ILogger logger, EndPoint? remoteEndPoint, string detail);

    [LoggerMessage(1016, LogLevel.Debug, "Session of client {ClientId} expired")]
    public static partial void SessionExpired(ILogger logger, string clientId);

    [LoggerMessage(1017, LogLevel.Error, "Sending to client {ClientId} failed")]
    public static partial void WriterFault(ILogger logger, Exception exception, string? clientId);

    [LoggerMessage(1018, LogLevel.Information, "Connection from {RemoteEndPoint} sent no CONNECT within {Seconds} s; closing")]
    public static partial void ConnectTimeout(ILogger logger, EndPoint? remoteEndPoint, double seconds);

    [LoggerMessage(1030, LogLevel.Information, "Client {ClientId} disconnected by the host application")]
    public static partial void ClientDisconnectedByHost(ILogger logger, string clientId);
}

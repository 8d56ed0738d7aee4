using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace GuestAccess.Mqtt.Server;

/// <summary>Decides whether a connecting client may in. Called once per CONNECT, before the session is touched.</summary>
public interface IMqttAuthenticator
{
    ValueTask<MqttAuthenticationResult> AuthenticateAsync(MqttAuthenticationRequest request, CancellationToken cancellationToken);
}

/// <summary>Per-topic access checks for a connected client. Called on every PUBLISH and every SUBSCRIBE filter; keep it fast.</summary>
public interface IMqttAuthorizer
{
    bool CanPublish(MqttClientContext client, string topic);

    /// <summary>
    /// As <see cref="CanPublish(MqttClientContext, string)"/>, knowing whether the message (or the
    /// will) is to be retained; the broker calls this overload. Override it when the retain flag
    /// matters (e.g. only a status topic may be retained); by default the flag is ignored.
    /// </summary>
    bool CanPublish(MqttClientContext client, string topic, bool retain) => CanPublish(client, topic);

    /// <summary>For a shared subscription the filter without the <c>$share/{group}/</c> prefix is passed.</summary>
    bool CanSubscribe(MqttClientContext client, string topicFilter);
}

public sealed class MqttAuthenticationRequest
{
    public required string ClientId { get; init; }

    public string? Username { get; init; }

    /// <summary>Null when the client sent no password. Never log it.</summary>
    public ReadOnlyMemory<byte>? Password { get; init; }

    public EndPoint? RemoteEndPoint { get; init; }

    public required MqttProtocolVersion ProtocolVersion { get; init; }

    public X509Certificate? ClientCertificate { get; init; }
}

public sealed class MqttAuthenticationResult
{
    private MqttAuthenticationResult(bool succeeded, MqttReasonCode reasonCode, object? principal, int? maxQueuedMessages = null)
    {
        Succeeded = succeeded;
        ReasonCode = reasonCode;
        Principal = principal;
        MaxQueuedMessages = maxQueuedMessages;
    }

    public bool Succeeded { get; }

    /// <summary>The CONNACK reason code when refused (mapped to a 3.1.1 return code for 3.1.1 clients).</summary>
    public MqttReasonCode ReasonCode { get; }

    /// <summary>Whatever the application wants to remember about the client (e.g. the lock id); handed to the authorizer.</summary>
    public object? Principal { get; }

    /// <summary>
    /// The QoS 1/2 queue bound of this client's session, instead of <see cref="MqttBrokerOptions.MaxQueuedMessages"/>
    /// (null: the broker's). For a trusted consumer that every device publishes to (a back-end
    /// service), so that when it falls behind its messages wait instead of being dropped.
    /// </summary>
    public int? MaxQueuedMessages { get; }

    public static MqttAuthenticationResult Accept(object? principal = null) => new(true, MqttReasonCode.Success, principal);

    /// <summary>Accepts with a session queue bound of its own (see <see cref="MaxQueuedMessages"/>).</summary>
    public static MqttAuthenticationResult Accept(object? principal, int maxQueuedMessages) =>
        maxQueuedMessages < 0
            ? throw new ArgumentOutOfRangeException(nameof(maxQueuedMessages), "A queue bound is 0 or more.")
            : new(true, MqttReasonCode.Success, principal, maxQueuedMessages);

    public static MqttAuthenticationResult Reject(MqttReasonCode reasonCode = MqttReasonCode.BadUserNameOrPassword) =>
        reasonCode < MqttReasonCode.UnspecifiedError
            ? throw new ArgumentOutOfRangeException(nameof(reasonCode), "A refusal needs a failure reason code (>= 0x80).")
            : new(false, reasonCode, null);
}

/// <summary>Who a connected client is, as the authorizer sees it.</summary>
public sealed class MqttClientContext
{
    public required string ClientId { get; init; }

    public string? Username { get; init; }

    public object? Principal { get; init; }

    public EndPoint? RemoteEndPoint { get; init; }

    public required MqttProtocolVersion ProtocolVersion { get; init; }
}

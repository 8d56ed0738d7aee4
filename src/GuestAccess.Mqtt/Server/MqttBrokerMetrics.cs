using System.Diagnostics.Metrics;

namespace GuestAccess.Mqtt.Server;

/// <summary>Broker counters on the Meter "GuestAccess.Mqtt" (System.Diagnostics.Metrics; export with OpenTelemetry by meter name).</summary>
internal sealed class MqttBrokerMetrics : IDisposable
{
    public const string MeterName = "GuestAccess.Mqtt";

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly UpDownCounter<long> _connections;
    private readonly Counter<long> _accepted;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _received;
    private readonly Counter<long> _sent;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _protocolErrors;

    public MqttBrokerMetrics(IMeterFactory? meterFactory)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _connections = _meter.CreateUpDownCounter<long>("mqtt.broker.connections", "{connection}", "Clients connected now.");
        _accepted = _meter.CreateCounter<long>("mqtt.broker.connections.accepted", "{connection}", "CONNECTs accepted.");
        _rejected = _meter.CreateCounter<long>("mqtt.broker.connections.rejected", "{connection}", "CONNECTs refused (authentication, limits, protocol).");
        _received = _meter.CreateCounter<long>("mqtt.broker.messages.received", "{message}", "PUBLISH packets received from clients.");
        _sent = _meter.CreateCounter<long>("mqtt.broker.messages.sent", "{message}", "PUBLISH packets sent to clients.");
        _dropped = _meter.CreateCounter<long>("mqtt.broker.messages.dropped", "{message}", "Messages dropped (queue full, QoS 0 to a slow client, too large).");
        _protocolErrors = _meter.CreateCounter<long>("mqtt.broker.protocol_errors", "{error}", "Connections closed for a protocol violation.");
    }

    public void Connected()
    {
        _connections.Add(1);
        _accepted.Add(1);
    }

    public void Disconnected() => _connections.Add(-1);

    public void Rejected() => _rejected.Add(1);

    public void MessageReceived() => _received.Add(1);

    public void MessageSent() => _sent.Add(1);

    public void MessageDropped() => _dropped.Add(1);

    public void ProtocolError() => _protocolErrors.Add(1);

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}

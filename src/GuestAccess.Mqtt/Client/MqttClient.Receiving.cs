using GuestAccess.Mqtt.Packets;

namespace GuestAccess.Mqtt.Client;

/// <summary>The per-connection loops: read, delivery to the handler, keep-alive.</summary>
public sealed partial class MqttClient
{
    private async Task RunConnectionAsync(MqttClientConnection connection)
    {
        await Task.Yield();
        var delivery = DeliverAsync(connection);
        var keepAlive = KeepAliveAsync(connection);
        try
        {
            // No token: closing the connection aborts the transport, which ends the pending read.
            while (await connection.Packets.ReceiveAsync(CancellationToken.None).ConfigureAwait(false) is { } packet)
            {
                if (!await HandleAsync(connection, packet).ConfigureAwait(false))
                {
                    break;
                }
            }
        }
        catch (MqttProtocolException ex)
        {
            MqttClientLog.ProtocolViolation(_logger, ClientId, ex.ReasonCode, ex.Message);
            connection.Failure = ex;
            var disconnect = _options.ProtocolVersion == MqttProtocolVersion.V500 ? new DisconnectPacket { ReasonCode = ex.ReasonCode } : null;
            await connection.Packets.CloseAsync(disconnect, TimeSpan.FromSeconds(1)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (connection.Closed.IsCancellationRequested)
        {
            // The keep-alive gave up while this loop waited for room in the delivery queue.
        }
        finally
        {
            await CloseConnectionAsync(connection, delivery, keepAlive).ConfigureAwait(false);
        }
    }

    private async ValueTask<bool> HandleAsync(MqttClientConnection connection, MqttPacket packet)
    {
        switch (packet)
        {
            case PublishPacket publish:
                await OnPublishAsync(connection, publish).ConfigureAwait(false);
                return true;
            case PubAckPacket ack:
                OnPubAck(connection, ack);
                return true;
            case SubAckPacket ack:
                OnRequestAnswered(ack.PacketId, ack);
                return true;
            case UnsubAckPacket ack:
                OnRequestAnswered(ack.PacketId, ack);
                return true;
            case PingRespPacket:
                connection.PingSentAt = 0;
                return true;
            case DisconnectPacket disconnect:
                connection.ServerDisconnectReason = disconnect.ReasonCode;
                return false;
            default:
                throw MqttProtocolException.Protocol($"Unexpected {packet.Type} from the server.");
        }
    }

    private async ValueTask OnPublishAsync(MqttClientConnection connection, PublishPacket publish)
    {
        if (publish.QualityOfService == MqttQualityOfService.ExactlyOnce)
        {
            throw new MqttProtocolException(MqttReasonCode.QoSNotSupported, "QoS 2 was never subscribed to.");
        }

        if (publish.Properties?.TopicAlias is not null)
        {
            throw new MqttProtocolException(MqttReasonCode.TopicAliasInvalid, "Topic alias used although the client allows none.");
        }

        if (publish.QualityOfService == MqttQualityOfService.AtLeastOnce)
        {
            if (!connection.Deliveries.Writer.TryWrite(publish))
            {
                MqttClientLog.DeliveriesFull(_logger, ClientId, connection.Deliveries.Reader.Count);
                await connection.Deliveries.Writer.WriteAsync(publish, connection.Closed.Token).ConfigureAwait(false);
            }
        }
        else if (!connection.Deliveries.Writer.TryWrite(publish))
        {
            MqttClientLog.DeliveryDropped(_logger, ClientId, publish.Topic);
        }
    }

    private async Task DeliverAsync(MqttClientConnection connection)
    {
        await Task.Yield();
        var reader = connection.Deliveries.Reader;
        var token = connection.Closed.Token;
        try
        {
            while (await reader.WaitToReadAsync(token).ConfigureAwait(false))
            {
                while (reader.TryRead(out var publish))
                {
                    if (MessageReceivedAsync is { } handler)
                    {
                        try
                        {
                            await handler(new MqttReceivedMessage(publish), token).ConfigureAwait(false);
                        }
                        catch (OperationCanceledException) when (token.IsCancellationRequested)
                        {
                            return;
                        }
                        catch (Exception ex)
                        {
                            MqttClientLog.HandlerFailed(_logger, ex, ClientId, publish.Topic);
                            if (publish.QualityOfService == MqttQualityOfService.AtLeastOnce)
                            {
                                connection.Packets.Abort();
                                return;
                            }

                            continue;
                        }
                    }

                    if (publish.QualityOfService == MqttQualityOfService.AtLeastOnce)
                    {
                        connection.Packets.Enqueue(new PubAckPacket { PacketId = publish.PacketId });
                    }
                }

                // Acknowledgements of a burst go out together.
                connection.Packets.Flush();
            }
        }
        catch (OperationCanceledException)
        {
            // Connection closed.
        }
    }

    private async Task KeepAliveAsync(MqttClientConnection connection)
    {
        var keepAlive = connection.KeepAliveMilliseconds;
        if (keepAlive <= 0)
        {
            return;
        }

        var token = connection.Closed.Token;
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(50, keepAlive / 4)), token).ConfigureAwait(false);
                var now = Environment.TickCount64;
                if (connection.PingSentAt != 0 && now - connection.PingSentAt > keepAlive)
                {
                    MqttClientLog.KeepAliveTimeout(_logger, ClientId);
                    connection.Packets.Abort();

                    // Ending the transport ends a pending read, but not a read loop that waits for room in a
                    // full delivery queue (a handler that waits on this same connection would never return):
                    // release that wait too, so the connection is closed and re-established in every case.
                    await connection.Closed.CancelAsync().ConfigureAwait(false);
                    return;
                }

                if (connection.PingSentAt == 0 && now - connection.Packets.LastSent >= keepAlive * 3 / 4)
                {
                    connection.PingSentAt = now;
                    connection.Packets.TrySend(PingReqPacket.Instance);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Connection closed.
        }
    }

    private async Task CloseConnectionAsync(MqttClientConnection connection, Task delivery, Task keepAlive)
    {
        lock (_lock)
        {
            if (ReferenceEquals(_current, connection))
            {
                _current = null;
            }

            foreach (var item in _inflightOrder)
            {
                if (ReferenceEquals(item.SentOn, connection))
                {
                    item.SentOn = null;
                }
            }

            connection.SentUnacknowledged = 0;
        }

        await connection.Closed.CancelAsync().ConfigureAwait(false);
        connection.Deliveries.Writer.TryComplete();
        await connection.Packets.DisposeAsync().ConfigureAwait(false);
        await Task.WhenAll(delivery, keepAlive).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (connection.Packets.WriterFault is { } fault)
        {
            MqttClientLog.WriterFault(_logger, fault, ClientId);
        }

        List<TaskCompletionSource<MqttPacket>> requests;
        lock (_lock)
        {
            requests = [.. _requests.Values];
            _requests.Clear();
        }

        foreach (var request in requests)
        {
            request.TrySetException(new MqttClientNotConnectedException("The connection was lost before the server answered."));
        }

        var takenOver = connection.ServerDisconnectReason == MqttReasonCode.SessionTakenOver;
        if (takenOver)
        {
            MqttClientLog.SessionTakenOver(_logger, ClientId);
        }

        var reconnect = _options.AutoReconnect && !_stopped && !takenOver && _disposed == 0;
        if (!_stopped)
        {
            MqttClientLog.ConnectionLost(_logger, ClientId, connection.ServerDisconnectReason);
        }

        if (!reconnect)
        {
            _stopped = true;
            FailInflight();
        }
        else
        {
            _reconnect = ReconnectLoopAsync();
        }

        if (DisconnectedAsync is { } disconnected)
        {
            await InvokeCallbackAsync(disconnected, new MqttDisconnectInfo(connection.ServerDisconnectReason, connection.Failure, reconnect)).ConfigureAwait(false);
        }
    }
}

using GuestAccess.Mqtt.Packets;

namespace GuestAccess.Mqtt.Server;

/// <summary>CONNECT handling, session lifetime, wills and the periodic sweep (keep-alive, connect timeout, expiry).</summary>
public sealed partial class MqttBroker
{
    internal async ValueTask<bool> AcceptAsync(MqttBrokerConnection connection, ConnectPacket connect, CancellationToken cancellationToken)
    {
        var v5 = connect.ProtocolVersion == MqttProtocolVersion.V500;
        var clientId = connect.ClientId;
        string? assigned = null;
        if (clientId.Length == 0)
        {
            if (!v5 && !connect.CleanStart)
            {
                return await RefuseAsync(connection, clientId, MqttReasonCode.ClientIdentifierNotValid).ConfigureAwait(false);
            }

            clientId = assigned = "auto-" + Guid.NewGuid().ToString("N");
        }

        if (clientId.Length > Options.MaxClientIdLength)
        {
            return await RefuseAsync(connection, clientId, MqttReasonCode.ClientIdentifierNotValid).ConfigureAwait(false);
        }

        if (connect.Properties?.AuthenticationMethod is not null)
        {
            return await RefuseAsync(connection, clientId, MqttReasonCode.BadAuthenticationMethod).ConfigureAwait(false);
        }

        if (ClientCount >= Options.MaxConnections)
        {
            return await RefuseAsync(connection, clientId, MqttReasonCode.ServerBusy).ConfigureAwait(false);
        }

        var (reason, principal, maxQueued) = await AuthenticateAsync(connection, connect, clientId, cancellationToken).ConfigureAwait(false);
        if (reason != MqttReasonCode.Success)
        {
            return await RefuseAsync(connection, clientId, reason).ConfigureAwait(false);
        }

        var client = new MqttClientContext
        {
            ClientId = clientId,
            Username = connect.Username,
            Principal = principal,
            RemoteEndPoint = connection.RemoteEndPoint,
            ProtocolVersion = connect.ProtocolVersion,
        };
        if (connect.Will is { } will)
        {
            if (will.Retain && !Options.RetainAvailable)
            {
                return await RefuseAsync(connection, clientId, MqttReasonCode.RetainNotSupported).ConfigureAwait(false);
            }

            if (_authorizer is not null && !_authorizer.CanPublish(client, will.Topic, will.Retain))
            {
                MqttBrokerLog.PublishDenied(_connectionLogger, clientId, will.Topic);
                return await RefuseAsync(connection, clientId, MqttReasonCode.NotAuthorized).ConfigureAwait(false);
            }
        }

        Attach(connection, connect, client, assigned, maxQueued);
        return true;
    }

    private void Attach(MqttBrokerConnection connection, ConnectPacket connect, MqttClientContext client, string? assignedClientId, int? maxQueued)
    {
        var v5 = connect.ProtocolVersion == MqttProtocolVersion.V500;
        var keepAlive = connect.KeepAliveSeconds;
        ushort? serverKeepAlive = null;
        if (v5 && Options.MaxKeepAliveSeconds > 0 && (keepAlive == 0 || keepAlive > Options.MaxKeepAliveSeconds))
        {
            keepAlive = Options.MaxKeepAliveSeconds;
            serverKeepAlive = keepAlive;
        }

        var requestedExpiry = v5 ? connect.Properties?.SessionExpiryInterval ?? 0 : connect.CleanStart ? 0 : Options.PersistentSessionExpiryInterval;
        var expiry = Math.Min(requestedExpiry, v5 ? Options.MaxSessionExpiryInterval : uint.MaxValue);
        var window = Math.Min(Options.MaxInflightMessages, v5 ? connect.Properties?.ReceiveMaximum ?? ushort.MaxValue : ushort.MaxValue);
        var connAck = new ConnAckPacket
        {
            Properties = v5 ? new MqttProperties
            {
                ReceiveMaximum = Options.ReceiveMaximum,
                MaximumPacketSize = (uint)Options.MaxPacketSize,
                TopicAliasMaximum = Options.TopicAliasMaximum > 0 ? Options.TopicAliasMaximum : null,
                RetainAvailable = Options.RetainAvailable ? null : (byte)0,
                AssignedClientIdentifier = assignedClientId,
                ServerKeepAlive = serverKeepAlive,
                SessionExpiryInterval = expiry != requestedExpiry ? expiry : null,
            }
            : null,
        };

        MqttBrokerConnection? previous;
        bool present;
        lock (_sessionsLock)
        {
            _sessions.TryGetValue(client.ClientId, out var session);
            previous = session?.Connection;
            if (session is not null && (connect.CleanStart || session.ExpiresAt <= Environment.TickCount64))
            {
                RemoveSession(session);
                session = null;
            }

            present = session is not null;
            if (session is null)
            {
                session = new MqttSession(client.ClientId, Options, Metrics);
                _sessions[client.ClientId] = session;
            }
            else
            {
                session.SetPendingWill(null);
            }

            session.ExpiryInterval = expiry;
            session.MaxQueued = maxQueued ?? Options.MaxQueuedMessages;
            connection.Bind(session, client, connect.Will, keepAlive, v5 ? connect.Properties?.MaximumPacketSize : null);
            Interlocked.Increment(ref _clientCount);
            Metrics.Connected();
            connection.Enqueue(new ConnAckPacket { SessionPresent = present, Properties = connAck.Properties });
            session.Attach(connection, window);
        }

        connection.Flush();

        if (previous is not null)
        {
            MqttBrokerLog.SessionTakenOver(_connectionLogger, client.ClientId);
            _ = previous.CloseAsync(MqttReasonCode.SessionTakenOver).AsTask();
        }

        MqttBrokerLog.ClientConnected(_connectionLogger, client.ClientId, client.RemoteEndPoint, connect.ProtocolVersion, present);
    }

    private async ValueTask<(MqttReasonCode Reason, object? Principal, int? MaxQueued)> AuthenticateAsync(MqttBrokerConnection connection, ConnectPacket connect, string clientId, CancellationToken cancellationToken)
    {
        var anonymous = connect.Username is null && connect.Password is null;
        if (_authenticator is null)
        {
            return Options.AllowAnonymous ? (MqttReasonCode.Success, null, null)
                : (anonymous ? MqttReasonCode.NotAuthorized : MqttReasonCode.BadUserNameOrPassword, null, null);
        }

        if (anonymous && !Options.AllowAnonymous)
        {
            return (MqttReasonCode.NotAuthorized, null, null);
        }

        try
        {
            var result = await _authenticator.AuthenticateAsync(
                new MqttAuthenticationRequest
                {
                    ClientId = clientId,
                    Username = connect.Username,
                    Password = connect.Password,
                    RemoteEndPoint = connection.RemoteEndPoint,
                    ProtocolVersion = connect.ProtocolVersion,
                    ClientCertificate = connection.ClientCertificate,
                },
                cancellationToken).ConfigureAwait(false);
            return result.Succeeded ? (MqttReasonCode.Success, result.Principal, result.MaxQueuedMessages) : (result.ReasonCode, null, null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            MqttBrokerLog.AuthenticatorFailed(_logger, ex, clientId);
            return (MqttReasonCode.ServerUnavailable, null, null);
        }
    }

    private async ValueTask<bool> RefuseAsync(MqttBrokerConnection connection, string clientId, MqttReasonCode reason)
    {
        Metrics.Rejected();
        MqttBrokerLog.ConnectRefused(_connectionLogger, clientId, connection.RemoteEndPoint, reason);
        await connection.RefuseAsync(reason).ConfigureAwait(false);
        return false;
    }

    internal void OnConnectionClosed(MqttBrokerConnection connection)
    {
        if (connection.Session is not { } session)
        {
            return;
        }

        Interlocked.Decrement(ref _clientCount);
        Metrics.Disconnected();
        var removed = false;
        lock (_sessionsLock)
        {
            if (session.Detach(connection))
            {
                if (session.ExpiryInterval == 0 || _stopping.IsCancellationRequested)
                {
                    removed = RemoveSession(session);
                }
                else
                {
                    session.ExpiresAt = session.ExpiryInterval == uint.MaxValue ? long.MaxValue : Environment.TickCount64 + (session.ExpiryInterval * 1000L);
                }
            }
        }

        MqttBrokerLog.ClientDisconnected(_connectionLogger, session.ClientId, connection.Graceful);
        if (!connection.Graceful && connection.Will is { } will && !_stopping.IsCancellationRequested)
        {
            var delay = Math.Min(will.Properties?.WillDelayInterval ?? 0, removed ? 0 : session.ExpiryInterval);
            if (delay == 0)
            {
                PublishWill(will);
            }
            else
            {
                var pending = new CancellationTokenSource();
                session.SetPendingWill(pending);
                _ = PublishWillLaterAsync(will, TimeSpan.FromSeconds(delay), pending.Token);
            }
        }
    }

    private async Task PublishWillLaterAsync(MqttWill will, TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            PublishWill(will);
        }
        catch (OperationCanceledException)
        {
            // The client came back in time: no will.
        }
    }

    private void PublishWill(MqttWill will)
    {
        var properties = will.Properties?.Clone();
        if (properties is not null)
        {
            properties.WillDelayInterval = null;
        }

        var now = Environment.TickCount64;
        Route(new MqttBrokerMessage
        {
            Topic = will.Topic,
            Payload = will.Payload,
            QualityOfService = will.QualityOfService,
            Retain = will.Retain,
            Properties = properties,
            ExpiresAt = properties?.MessageExpiryInterval is { } seconds ? now + (seconds * 1000L) : 0,
        });
    }

    /// <summary>
    /// Closes the connection of <paramref name="clientId"/>, if it is connected (a 5.0 client gets
    /// DISCONNECT 0x98 administrative action; its will is published as after any unexpected loss),
    /// and discards its session when <paramref name="discardSession"/> is true, so nothing queued
    /// for it survives. For credentials revoked while connected. Returns whether anything was found.
    /// </summary>
    public async Task<bool> DisconnectClientAsync(string clientId, bool discardSession = true)
    {
        ArgumentNullException.ThrowIfNull(clientId);
        MqttBrokerConnection? connection;
        lock (_sessionsLock)
        {
            if (!_sessions.TryGetValue(clientId, out var session))
            {
                return false;
            }

            connection = session.Connection;
            if (discardSession)
            {
                session.ExpiryInterval = 0;
                if (connection is null)
                {
                    RemoveSession(session);
                }
            }
        }

        if (connection is not null)
        {
            MqttBrokerLog.ClientDisconnectedByHost(_connectionLogger, clientId);
            await connection.CloseAsync(MqttReasonCode.AdministrativeAction).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>Removes a session and its subscriptions; caller holds the sessions lock.</summary>
    private bool RemoveSession(MqttSession session)
    {
        if (!_sessions.TryRemove(new KeyValuePair<string, MqttSession>(session.ClientId, session)))
        {
            return false;
        }

        foreach (var subscription in session.Clear())
        {
            _subscriptions.Remove(subscription);
        }

        return true;
    }

    private async Task SweepLoopAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token).ConfigureAwait(false))
            {
                Sweep(Environment.TickCount64);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private void Sweep(long now)
    {
        var connectTimeout = (long)Options.ConnectTimeout.TotalMilliseconds;
        foreach (var connection in _connections.Keys)
        {
            if (connection.Client is { } client)
            {
                var keepAlive = connection.KeepAliveSeconds;
                if (keepAlive > 0 && now - connection.LastReceived > keepAlive * 1500L)
                {
                    MqttBrokerLog.KeepAliveTimeout(_connectionLogger, client.ClientId, keepAlive);
                    _ = connection.CloseAsync(MqttReasonCode.KeepAliveTimeout).AsTask();
                }
            }
            else if (now - connection.Created > connectTimeout)
            {
                MqttBrokerLog.ConnectTimeout(_connectionLogger, connection.RemoteEndPoint, Options.ConnectTimeout.TotalSeconds);
                connection.Abort();
            }
        }

        foreach (var session in _sessions.Values)
        {
            if (!session.IsConnected && session.ExpiresAt <= now)
            {
                lock (_sessionsLock)
                {
                    if (!session.IsConnected && session.ExpiresAt <= now && RemoveSession(session))
                    {
                        MqttBrokerLog.SessionExpired(_connectionLogger, session.ClientId);
                    }
                }
            }
        }
    }
}

using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;

namespace GuestAccess.Mqtt.Channel;

/// <summary>
/// TCP (optionally TLS) transport over System.IO.Pipelines. An idle connection holds one pooled
/// receive buffer of <c>receiveBufferSize</c> bytes. (Zero-byte reads would free it while idle but
/// cost a second receive call per wake-up; measured, that lost far more throughput than the
/// kilobytes it saves, see docs/mqtt.md.)
/// </summary>
public sealed class MqttTcpChannel : IMqttChannel
{
    private readonly Socket _socket;
    private readonly Stream _stream;
    private int _disposed;

    internal MqttTcpChannel(Socket socket, Stream stream, int receiveBufferSize = 4096)
    {
        _socket = socket;
        _stream = stream;
        RemoteEndPoint = socket.RemoteEndPoint;
        Input = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: receiveBufferSize, minimumReadSize: Math.Min(512, receiveBufferSize), leaveOpen: true));
        Output = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 4096, leaveOpen: true));
    }

    public PipeReader Input { get; }

    public PipeWriter Output { get; }

    public EndPoint? RemoteEndPoint { get; }

    /// <summary>The TLS stream when the connection is encrypted (e.g. to read the client certificate).</summary>
    public SslStream? Tls => _stream as SslStream;

    public static async Task<MqttTcpChannel> ConnectAsync(string host, int port, MqttTlsClientOptions? tls, CancellationToken cancellationToken, int receiveBufferSize = 4096)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
            Stream stream = new NetworkStream(socket, ownsSocket: false);
            if (tls is not null)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                await ssl.AuthenticateAsClientAsync(tls.ToSslOptions(host), cancellationToken).ConfigureAwait(false);
            }

            return new MqttTcpChannel(socket, stream, receiveBufferSize);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Abort()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already disconnected.
        }
        catch (ObjectDisposedException)
        {
            // Already closed.
        }

        _socket.Close();
    }

    internal static async Task<MqttTcpChannel> AcceptTlsAsync(Socket socket, System.Security.Cryptography.X509Certificates.X509Certificate2 certificate, bool requireClientCertificate, int receiveBufferSize, CancellationToken cancellationToken)
    {
        var ssl = new SslStream(new NetworkStream(socket, ownsSocket: false), leaveInnerStreamOpen: false);
        try
        {
            await ssl.AuthenticateAsServerAsync(
                new SslServerAuthenticationOptions
                {
                    ServerCertificate = certificate,
                    ClientCertificateRequired = requireClientCertificate,
                    CertificateRevocationCheckMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
                },
                cancellationToken).ConfigureAwait(false);
            return new MqttTcpChannel(socket, ssl, receiveBufferSize);
        }
        catch
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await Input.CompleteAsync().ConfigureAwait(false);
        await Output.CompleteAsync().ConfigureAwait(false);
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // The peer is gone already.
        }
        catch (ObjectDisposedException)
        {
            // Closed concurrently.
        }

        await _stream.DisposeAsync().ConfigureAwait(false);
        _socket.Dispose();
    }
}

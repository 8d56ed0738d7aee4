using GuestAccess.Domain.Grants;
using GuestAccess.EndToEnd.Tests.Support;
using GuestAccess.FirmwareSim.Fleet;

namespace GuestAccess.EndToEnd.Tests;

/// <summary>External broker mode over TLS, with the credentials <c>locks mosquitto-config</c> generated.</summary>
public sealed class MosquittoTlsTests
{
    private const string Door = "viby-hovedindgang";

    [Fact]
    public async Task Server_MosquittoOverTlsWithGeneratedCredentials_ConnectsOnlyWithTheRightCaAndDeliversGrants()
    {
        await using var host = await FleetHost.StartAsync();
        var bundle = host.Bundle;
        await host.StopServerAsync();
        var files = Path.Combine(host.DataDirectory, "mosquitto-files");
        var (code, output, error) = await ServerCli.RunAsync("locks", "mosquitto-config", "--out", files, $"--Storage:DataDirectory={host.DataDirectory}", "--Seed:DemoAccounts=false");
        Assert.True(code == 0, output + error);
        var tls = TestCertificates.Create(Path.Combine(host.DataDirectory, "tls"), "broker");
        var stranger = TestCertificates.Create(Path.Combine(host.DataDirectory, "tls"), "stranger");
        await using var broker = await Mosquitto.StartAsync(host.DataDirectory, files, tls.MosquittoListener);
        string[] external = ["--Mqtt:Mode=External", "--Mqtt:Host=127.0.0.1", $"--Mqtt:Port={broker.Port}", "--Mqtt:UseTls=true"];

        // A broker certificate from a CA the server was not told to trust: no connection.
        var connected = host.Logs.WithEvent(4002).Count;
        await host.StartServerAsync([.. external, $"--Mqtt:CaCertificateFile={stranger.CaFile}"]);
        await Eventually.TrueAsync(() => host.Logs.WithEvent(4004).Count > 0, "the server to refuse the broker's certificate");
        Assert.Equal(connected, host.Logs.WithEvent(4002).Count);
        await host.StopServerAsync();

        // The right CA: connected over TLS as ga_server with the password from {DataDirectory}/mqtt-server.secret.
        await host.StartServerAsync([.. external, $"--Mqtt:CaCertificateFile={tls.CaFile}"]);
        await Eventually.TrueAsync(() => host.Logs.WithEvent(4002).Count > connected, "the server to connect to Mosquitto over TLS\n" + broker.Log);
        var simulator = await host.StartSimulatorAsync([Door], o => o with { Broker = new BrokerEndpoint("127.0.0.1", broker.Port, true) { CaCertificatePem = tls.CaPem } }, bundle);
        var grant = await Grants.IssuePinAsync(host, [Door], DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1));
        await Grants.WaitForDoorsAsync(host, grant.GrantId, DoorDeliveryState.Applied);
        Assert.True((await simulator[Door].EnterPinAsync(grant.Pin)).IsGranted);
    }
}

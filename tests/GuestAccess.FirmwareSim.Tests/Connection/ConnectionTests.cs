using GuestAccess.FirmwareSim.Tests.Support;
using GuestAccess.LockProtocol.Messages;

namespace GuestAccess.FirmwareSim.Tests.Connection;

/// <summary>Connection behaviour of docs section 3: last will, retained status, reconnects.</summary>
public sealed class ConnectionTests
{
    [Fact]
    public async Task OfflineAndOnline_TwentyTimesInARow_ReconnectsEveryTimeAndTheWillAnnouncesEachCut()
    {
        await using var sim = await SimHarness.StartAsync();

        for (var i = 0; i < 20; i++)
        {
            await sim.Lock.GoOfflineAsync();
            await sim.Server.WaitForStatusAsync(sim.LockId, s => s.State == LockState.Offline, "the last will");
            await sim.Lock.GoOnlineAsync();
            await sim.Server.WaitForStatusAsync(sim.LockId, s => s.State == LockState.Online, "online again");
        }

        Assert.True(sim.Lock.Snapshot().Connected);
    }

    [Fact]
    public async Task Bundle_WithTlsAndAPrivateCa_ConnectsOverTlsAndAppliesCommands()
    {
        await using var sim = await SimHarness.StartAsync(broker: async logs => await TestBroker.StartAsync(logs, new TestCertificates()));

        var reply = await sim.Server.SendAndReplyAsync(Credentials.Delta(sim.Server, sim.LockId, 0, 1, [Credentials.ValidPin("48213957", "cred-1")]));

        Assert.True(sim.Bundle.Broker.Tls);
        Assert.IsType<CommandAck>(reply);
    }

    [Fact]
    public async Task Bundle_WithTlsButAnUntrustedCa_NeverConnects()
    {
        using var stranger = new TestCertificates();
        await using var sim = await SimHarness.StartAsync(
            broker: async logs => await TestBroker.StartAsync(logs, new TestCertificates()),
            startFleet: false);
        var wrongCa = sim.Bundle with { Broker = sim.Bundle.Broker with { CaCertificate = stranger.CaPem } };

        await using var fleet = await FirmwareSim.Fleet.LockFleetSimulator.StartAsync(wrongCa, sim.Options, sim.Logs);
        var error = await Assert.ThrowsAsync<TimeoutException>(() => fleet.WaitUntilAllConnectedAsync(TimeSpan.FromSeconds(2)));

        Assert.Contains("did not connect", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mqtt311_PersistentSessionWithoutExpiry_WorksLikeVersion5()
    {
        await using var sim = await SimHarness.StartAsync(configure: o => o with { ProtocolVersion = Mqtt.MqttProtocolVersion.V311 });
        await sim.Lock.GoOfflineAsync();
        var queued = await sim.Server.SendAsync(Credentials.Delta(sim.Server, sim.LockId, 0, 1, [Credentials.ValidPin("48213957", "cred-1")]));

        await sim.Lock.GoOnlineAsync();

        Assert.IsType<CommandAck>(await sim.Server.WaitForReplyAsync(sim.LockId, queued.Command.CommandId));
    }
}

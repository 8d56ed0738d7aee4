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
}

using GuestAccess.FirmwareSim.Tests.Support;
using GuestAccess.LockProtocol.Messages;

namespace GuestAccess.FirmwareSim.Tests.Locks;

/// <summary>State on disk: written whole or not at all, and never silently thrown away.</summary>
public sealed class StateStoreTests
{
    [Fact]
    public async Task CorruptStateFile_OnBoot_RefusesToStartInsteadOfForgettingTheLock()
    {
        await using var sim = await SimHarness.StartAsync();
        var directory = sim.Lock.StateDirectory;
        await sim.Fleet.DisposeAsync();
        await File.WriteAllTextAsync(Path.Combine(directory, "credentials.json"), "{\"formatVersion\":1,\"appliedVer");

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => sim.StartFleetAsync());

        Assert.Contains("credentials.json is not a valid state file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LeftoverTemporaryFile_FromACutWrite_IsIgnored()
    {
        await using var sim = await SimHarness.StartAsync();
        await sim.Server.SendAndReplyAsync(Credentials.Delta(sim.Server, sim.LockId, 0, 4, [Credentials.ValidPin("48213957", "cred-1")]));
        var directory = sim.Lock.StateDirectory;
        await sim.Fleet.DisposeAsync();
        await File.WriteAllTextAsync(Path.Combine(directory, "credentials.json.tmp"), "{\"formatVersion\":1,\"appliedVersion\":99,\"pi"); // a power cut mid-write

        await sim.StartFleetAsync();

        Assert.Equal(4, sim.Lock.Snapshot().AppliedVersion);
        Assert.True((await sim.Lock.EnterPinAsync("48213957")).IsGranted);
    }

    [Fact]
    public async Task StateFiles_HoldOnlyHashesNeverThePin()
    {
        await using var sim = await SimHarness.StartAsync();
        await sim.Server.SendAndReplyAsync(Credentials.Delta(sim.Server, sim.LockId, 0, 1, [Credentials.ValidPin("48213957", "cred-1")]));
        await sim.Lock.EnterPinAsync("48213957");

        var files = Directory.GetFiles(sim.Lock.StateDirectory).Select(File.ReadAllText).ToList();

        Assert.Equal(2, files.Count);
        Assert.All(files, f => Assert.DoesNotContain("48213957", f, StringComparison.Ordinal));
        Assert.Contains(files, f => f.Contains("\"hash\":", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Delta_ResentAfterItWasApplied_IsAcknowledgedWithoutChange()
    {
        await using var sim = await SimHarness.StartAsync();
        var delta = Credentials.Delta(sim.Server, sim.LockId, 0, 1, [Credentials.ValidPin("48213957", "cred-1")]);

        await sim.Server.SendAndReplyAsync(delta);
        var again = await sim.Server.SendAndReplyAsync(delta with { CommandId = sim.Server.NextCommandId(), Upserts = [Credentials.ValidPin("11112223", "cred-9")] });

        Assert.Equal(1, Assert.IsType<CommandAck>(again).AppliedVersion);
        Assert.Equal(["cred-1"], sim.Lock.CredentialIds);
    }
}

using GuestAccess.FirmwareSim.Device;
using GuestAccess.FirmwareSim.Tests.Support;
using GuestAccess.LockProtocol.Messages;

namespace GuestAccess.FirmwareSim.Tests.Locks;

/// <summary>State on disk: snapshots appended whole or not at all, compacted, and never silently thrown away.</summary>
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

    [Fact]
    public async Task Journal_AfterEntries_IsAppendedToInsteadOfRewritten()
    {
        await using var sim = await SimHarness.StartAsync();
        await sim.Lock.GoOfflineAsync();
        for (var i = 0; i < 5; i++)
        {
            await sim.Lock.EnterPinAsync("11112223");
        }

        var path = Path.Combine(sim.Lock.StateDirectory, "journal.json");
        var lines = await File.ReadAllLinesAsync(path);

        Assert.True(lines.Length >= 6, $"one snapshot per write expected, found {lines.Length} lines");
        Assert.False(File.Exists(path + ".tmp"));
        var last = System.Text.Json.JsonDocument.Parse(lines[^1]).RootElement;
        Assert.Equal(sim.Lock.Snapshot().LastEventSequence, last.GetProperty("lastSequence").GetInt64());
    }

    [Fact]
    public async Task TornAppend_FromAPowerCut_IsIgnoredAndDroppedByTheNextWrite()
    {
        await using var sim = await SimHarness.StartAsync();
        await sim.Lock.GoOfflineAsync();
        await sim.Lock.EnterPinAsync("11112223");
        var before = sim.Lock.Snapshot();
        var path = Path.Combine(sim.Lock.StateDirectory, "journal.json");
        await sim.Fleet.DisposeAsync();
        await File.AppendAllTextAsync(path, "{\"formatVersion\":1,\"lastSequence\":9"); // a power cut mid-append

        await sim.StartFleetAsync();
        var after = sim.Lock.Snapshot();

        Assert.Equal(before.LastEventSequence + 1, after.LastEventSequence); // + the rebooted event
        var lines = await File.ReadAllLinesAsync(path);
        Assert.All(lines, line => System.Text.Json.JsonDocument.Parse(line).Dispose());
        Assert.DoesNotContain(lines, line => line.Contains("\"lastSequence\":9", StringComparison.Ordinal) && !line.EndsWith('}'));
    }

    [Fact]
    public async Task Journal_AfterManyWrites_IsCompactedToAFewSnapshots()
    {
        await using var sim = await SimHarness.StartAsync();
        await sim.Server.SendAndReplyAsync(Credentials.Delta(sim.Server, sim.LockId, 0, 1, [Credentials.ValidPin("48213957", "cred-1")]));
        await sim.Lock.GoOfflineAsync();
        const int entries = 150;
        for (var i = 0; i < entries; i++)
        {
            Assert.True((await sim.Lock.EnterPinAsync("48213957")).IsGranted);
        }

        var path = Path.Combine(sim.Lock.StateDirectory, "journal.json");
        var lines = await File.ReadAllLinesAsync(path);
        var length = new FileInfo(path).Length;

        // Without compaction the 150 growing snapshots would be ~1.5 MB; with it the log stays
        // below the compaction threshold plus a few snapshots.
        Assert.True(length <= DeviceStateStore.CompactAbove + (5L * (lines[^1].Length + 1)), $"journal.json is {length} bytes");
        Assert.True(lines.Length < entries, $"{lines.Length} snapshots kept");
        var last = System.Text.Json.JsonDocument.Parse(lines[^1]).RootElement;
        Assert.Equal(sim.Lock.Snapshot().PendingEvents, last.GetProperty("events").GetArrayLength());
        Assert.True(last.GetProperty("events").GetArrayLength() >= entries);
    }
}

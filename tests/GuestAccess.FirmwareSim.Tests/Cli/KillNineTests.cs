using System.Net.Http.Json;
using System.Text.Json;
using GuestAccess.FirmwareSim.Tests.Support;
using GuestAccess.LockProtocol.Messages;

namespace GuestAccess.FirmwareSim.Tests.Cli;

/// <summary>The real binary, killed with SIGKILL: what was acknowledged or generated survives (docs sections 6.1, 9).</summary>
public sealed class KillNineTests
{
    [Fact]
    public async Task SimulatorProcess_KilledWithSigkill_RestartsWithCredentialsCounterLockoutAndUnsentEvents()
    {
        await using var sim = await SimHarness.StartAsync(startFleet: false);
        var bundle = sim.WriteBundleFile();
        var state = Path.Combine(sim.StateDirectory, "state");
        string[] run = ["run", "--provisioning", bundle, "--state-dir", state, "--control-port", "0", "--log-level", "Warning"];
        var lockId = sim.LockId.Value;

        JsonElement before;
        List<long> unsent = [];
        await using (var first = SimProcess.Start(run))
        {
            using var http = new HttpClient { BaseAddress = await first.WaitForControlAddressAsync() };
            await sim.Server.WaitForStatusAsync(sim.LockId, s => s.State == LockState.Online, "the process's lock online");
            var apply = await sim.Server.SendAndReplyAsync(Credentials.Delta(sim.Server, sim.LockId, 0, 1, [Credentials.ValidPin("48213957", "cred-1")]));
            Assert.IsType<CommandAck>(apply);
            sim.Server.AutoConfirm = false; // from here on no command reaches the lock: its counter must survive as it is

            (await http.PostAsync($"locks/{lockId}/offline", null)).EnsureSuccessStatusCode();
            for (var i = 0; i < 5; i++)
            {
                unsent.Add(await PinAsync(http, lockId, "1111222" + i));
            }

            unsent.Add((await (await http.PostAsync($"locks/{lockId}/force", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("seq").GetInt64());
            before = await http.GetFromJsonAsync<JsonElement>($"locks/{lockId}");
            await first.KillAsync();
        }

        await using var second = SimProcess.Start(run);
        using var again = new HttpClient { BaseAddress = await second.WaitForControlAddressAsync() };
        var after = await again.GetFromJsonAsync<JsonElement>($"locks/{lockId}");
        var lockedOut = await again.PostAsJsonAsync($"locks/{lockId}/pin", new { pin = "48213957" });
        var replayed = await sim.Server.WaitUntilEventsAsync(sim.LockId, (int)unsent[^1]);

        Assert.Equal(1, after.GetProperty("appliedVersion").GetInt64());
        Assert.Equal(1, after.GetProperty("credentialCount").GetInt32());
        Assert.Equal(before.GetProperty("lastCounter").GetInt64(), after.GetProperty("lastCounter").GetInt64());
        Assert.True(after.GetProperty("keypadLockedOut").GetBoolean());
        Assert.Equal("locked_out", (await lockedOut.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString());
        Assert.Equal(before.GetProperty("lastEventSeq").GetInt64() + 1, after.GetProperty("lastEventSeq").GetInt64());
        Assert.All(unsent, seq => Assert.Contains(replayed, e => e.Sequence == seq));
        Assert.Equal(EventKind.DoorForced, replayed.Single(e => e.Sequence == unsent[^1]).Kind);
        Assert.DoesNotContain("48213957", second.Output, StringComparison.Ordinal);
    }

    private static async Task<long> PinAsync(HttpClient http, string lockId, string pin)
    {
        var response = await http.PostAsJsonAsync($"locks/{lockId}/pin", new { pin });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("seq").GetInt64();
    }
}

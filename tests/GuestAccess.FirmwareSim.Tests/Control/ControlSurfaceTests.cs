using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GuestAccess.FirmwareSim.Control;
using GuestAccess.FirmwareSim.Tests.Support;

namespace GuestAccess.FirmwareSim.Tests.Control;

/// <summary>The local HTTP control surface: a keypad for tests and demos, with problem details for mistakes.</summary>
public sealed class ControlSurfaceTests
{
    [Fact]
    public async Task Pin_ThroughTheControlSurface_ReturnsTheLocksDecisionAndTheStateShowsIt()
    {
        await using var sim = await SimHarness.StartAsync();
        await using var control = await ControlSurface.StartAsync(sim.Fleet, 0, sim.Logs);
        using var http = new HttpClient { BaseAddress = control.Address };
        await sim.Server.SendAndReplyAsync(Credentials.Delta(sim.Server, sim.LockId, 0, 1, [Credentials.ValidPin("48213957", "cred-1")]));

        var granted = await (await http.PostAsJsonAsync("locks/sim-lock-001/pin", new { pin = "48213957" })).Content.ReadFromJsonAsync<JsonElement>();
        var denied = await (await http.PostAsJsonAsync("locks/sim-lock-001/pin", new { pin = "11112223" })).Content.ReadFromJsonAsync<JsonElement>();
        var state = await http.GetFromJsonAsync<JsonElement>("locks/sim-lock-001");
        var all = await http.GetFromJsonAsync<JsonElement>("locks");

        Assert.Equal(("granted", "pin", "cred-1"), (granted.GetProperty("outcome").GetString(), granted.GetProperty("method").GetString(), granted.GetProperty("credentialId").GetString()));
        Assert.Equal(("denied", "wrong_pin"), (denied.GetProperty("outcome").GetString(), denied.GetProperty("reason").GetString()));
        Assert.Equal(1, state.GetProperty("appliedVersion").GetInt64());
        Assert.Equal(1, state.GetProperty("credentialCount").GetInt32());
        Assert.True(state.GetProperty("connected").GetBoolean());
        Assert.Equal(denied.GetProperty("seq").GetInt64(), state.GetProperty("lastEventSeq").GetInt64());
        Assert.Equal(1, all.GetArrayLength());
        Assert.Equal(control.Address.Host, IPAddress.Loopback.ToString());
        sim.Logs.AssertNeverLogged("48213957", "11112223");
    }

    [Fact]
    public async Task NetworkPowerClockAndFaults_ThroughTheControlSurface_ChangeTheLock()
    {
        await using var sim = await SimHarness.StartAsync();
        await using var control = await ControlSurface.StartAsync(sim.Fleet, 0, sim.Logs);
        using var http = new HttpClient { BaseAddress = control.Address };

        var offline = await PostAsync(http, "locks/sim-lock-001/offline", new { duration = "10 min" });
        var forced = await PostAsync(http, "locks/sim-lock-001/force", null);
        var skewed = await PostAsync(http, "locks/sim-lock-001/skew", new { skew = "+90s" });
        var faulty = await PostAsync(http, "locks/sim-lock-001/faults", new Dictionary<string, string> { ["dup-out"] = "50%", ["delay-in"] = "10ms..20ms" });
        await PostAsync(http, "locks/sim-lock-001/power-cycle", null);
        await PostAsync(http, "locks/sim-lock-001/online", null);
        await sim.Lock.WaitUntilAsync(s => s.Connected && s.PendingEvents == 0, TestLockServer.Timeout);
        var battery = await PostAsync(http, "locks/sim-lock-001/battery", new { percent = 12 });

        Assert.True(offline.GetProperty("offline").GetBoolean());
        Assert.Equal("door_forced", forced.GetProperty("kind").GetString());
        Assert.Equal(90, skewed.GetProperty("skewSeconds").GetDouble());
        Assert.Equal(0.5, faulty.GetProperty("faults").GetProperty("dupOut").GetDouble());
        Assert.Equal(12, battery.GetProperty("batteryPercent").GetInt32());
        await sim.Server.WaitForEventAsync(sim.LockId, e => e.Sequence == forced.GetProperty("seq").GetInt64(), "the forced door after reconnecting");
        await sim.Server.WaitForEventAsync(sim.LockId, e => e.BatteryPercent == 12, "battery_low");
    }

    [Theory]
    [InlineData("locks/no-such-lock/pin", "{\"pin\":\"1234\"}", HttpStatusCode.NotFound, "unknown_lock")]
    [InlineData("locks/sim-lock-001/pin", "{\"pin\":\"12ab\"}", HttpStatusCode.BadRequest, "invalid_pin")]
    [InlineData("locks/sim-lock-001/pin", "{\"pin\":", HttpStatusCode.BadRequest, "invalid_request")]
    [InlineData("locks/sim-lock-001/skew", "{\"skew\":\"soon\"}", HttpStatusCode.BadRequest, "invalid_duration")]
    [InlineData("locks/sim-lock-001/faults", "{\"explode\":\"1\"}", HttpStatusCode.BadRequest, "invalid_fault")]
    [InlineData("faults", "{\"drop-in\":\"2\"}", HttpStatusCode.BadRequest, "invalid_fault")]
    [InlineData("locks/sim-lock-001/battery", "{\"percent\":101}", HttpStatusCode.BadRequest, "invalid_request")]
    public async Task BadRequest_IsAProblemDetailsWithAStableCode(string path, string body, HttpStatusCode status, string code)
    {
        await using var sim = await SimHarness.StartAsync();
        await using var control = await ControlSurface.StartAsync(sim.Fleet, 0, sim.Logs);
        using var http = new HttpClient { BaseAddress = control.Address };

        var response = await http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.DoesNotContain("12ab", problem.GetRawText(), StringComparison.Ordinal);
    }

    private static async Task<JsonElement> PostAsync(HttpClient http, string path, object? body)
    {
        var response = body is null ? await http.PostAsync(path, null) : await http.PostAsJsonAsync(path, body);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}

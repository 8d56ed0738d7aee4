using GuestAccess.FirmwareSim.Tests.Support;

namespace GuestAccess.FirmwareSim.Tests.Cli;

/// <summary>The real binary's exit codes: 0 a scenario passed, 1 it failed, 2 the operator made a mistake.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public async Task Run_WithABrokenBundle_ExitsTwoNamingTheMemberNotTheSecret()
    {
        await using var sim = await SimHarness.StartAsync(startFleet: false);
        var path = sim.WriteBundleFile();
        var password = sim.Bundle.Locks[0].Password;
        await File.WriteAllTextAsync(path, (await File.ReadAllTextAsync(path)).Replace("\"site\": \"sim-site\"", "\"site\": \"sim site\"", StringComparison.Ordinal));

        await using var process = SimProcess.Start("run", "--provisioning", path, "--state-dir", Path.Combine(sim.StateDirectory, "state"));
        var exit = await process.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, exit);
        Assert.Contains("guestaccess-sim cannot run: provisioning.json: $.locks[0].site must be 1-64 characters", process.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(password, process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WithAScenario_ExitsZeroWhenItPassesAndOneWhenItFails()
    {
        await using var sim = await SimHarness.StartAsync(startFleet: false);
        var bundle = sim.WriteBundleFile();
        var passing = Path.Combine(sim.StateDirectory, "passing.scenario");
        var failing = Path.Combine(sim.StateDirectory, "failing.scenario");
        await File.WriteAllTextAsync(passing, "lock sim-lock-001: enter pin 11112223\nlock sim-lock-001: expect denied wrong_pin\n");
        await File.WriteAllTextAsync(failing, "lock sim-lock-001: enter pin 11112223\nlock sim-lock-001: expect granted\n");

        await using var pass = SimProcess.Start("run", "--provisioning", bundle, "--state-dir", Path.Combine(sim.StateDirectory, "a"), "--control-port", "-1", "--scenario", passing, "--log-level", "Warning");
        await using var fail = SimProcess.Start("run", "--provisioning", bundle, "--state-dir", Path.Combine(sim.StateDirectory, "b"), "--control-port", "-1", "--scenario", failing, "--log-level", "Warning");

        Assert.Equal(0, await pass.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal(1, await fail.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("passing.scenario: all 2 steps passed", pass.Output, StringComparison.Ordinal);
        Assert.Contains("failing.scenario:2: FAILED: lock sim-lock-001: expected granted, got denied wrong_pin", fail.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("11112223", pass.Output + fail.Output, StringComparison.Ordinal);
    }
}

using GuestAccess.FirmwareSim.Scenarios;
using GuestAccess.FirmwareSim.Tests.Support;

namespace GuestAccess.FirmwareSim.Tests.Scenarios;

public sealed class ScenarioTests
{
    private static readonly string[] SeededLocks = ["dokk1-lille-sal-doer", "dokk1-hovedindgang", "dokk1-moedelokale-1-doer"];

    [Fact]
    public async Task ExampleScenario_OfflineAndPowerCut_PassesAgainstTheSimulatedSeededLocks()
    {
        await using var sim = await SimHarness.StartAsync(lockIds: SeededLocks);
        var file = RepositoryFile("firmware-sim/scenarios/offline-and-power-cut.scenario");
        var steps = ScenarioParser.Parse(File.ReadAllText(file), "offline-and-power-cut.scenario");
        var output = new StringWriter();

        var result = await new ScenarioRunner(sim.Fleet, output).RunAsync(steps, "offline-and-power-cut.scenario");

        Assert.True(result.Passed, result.Failure + "\n" + output);
        Assert.Contains("-> denied locked_out", output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("48213957", output.ToString(), StringComparison.Ordinal);
        Assert.Contains(sim.Server.Events(sim.Fleet["dokk1-hovedindgang"].Id), e => e.BatteryPercent == 12);
    }

    [Fact]
    public async Task ExampleScenario_BookedPin_GrantsInsideTheBookingAndRefusesAfter()
    {
        await using var sim = await SimHarness.StartAsync(lockIds: SeededLocks);
        var door = sim.Fleet["dokk1-moedelokale-1-doer"];
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Copenhagen");
        var start = new DateTimeOffset(2026, 12, 7, 9, 0, 0, zone.GetUtcOffset(new DateTime(2026, 12, 7)));
        await sim.Server.SendAndReplyAsync(Credentials.Delta(sim.Server, door.Id, 0, 1, [Credentials.Pin("48213957", "cred-booking", start, start.AddHours(12))]));
        var steps = ScenarioParser.Parse(File.ReadAllText(RepositoryFile("firmware-sim/scenarios/booked-pin.scenario")), "booked-pin.scenario");

        var result = await new ScenarioRunner(sim.Fleet, TextWriter.Null).RunAsync(steps, "booked-pin.scenario");

        Assert.True(result.Passed, result.Failure);
        Assert.Equal(TimeSpan.Zero, door.Clock.Skew);
    }

    [Fact]
    public async Task Expectation_ThatDoesNotHold_FailsWithFileAndLine()
    {
        await using var sim = await SimHarness.StartAsync();
        var steps = ScenarioParser.Parse("""
            # a PIN nobody was given
            lock sim-lock-001: enter pin 12345678
            lock sim-lock-001: expect granted
            lock sim-lock-001: tamper
            """, "wrong.scenario");

        var result = await new ScenarioRunner(sim.Fleet, TextWriter.Null).RunAsync(steps, "wrong.scenario");

        Assert.Equal("wrong.scenario:3: lock sim-lock-001: expected granted, got denied wrong_pin", result.Failure);
        Assert.Equal(2, result.StepsRun);
    }

    [Theory]
    [InlineData("lock a: enter pin 12ab5678", "x.scenario:1: enter pin takes 1-32 digits.")]
    [InlineData("enter pin 12345678", "x.scenario:1: only 'wait' stands alone; other steps start with 'lock ID:'.")]
    [InlineData("lock a: expect denied sleepy", "x.scenario:1: unknown denial reason 'sleepy'.")]
    [InlineData("lock a: offline for a while", "x.scenario:1: a duration is e.g. 500ms, 2s, 10 min, -90s.")]
    [InlineData("lock a: fly away", "x.scenario:1: unknown step 'fly'; see firmware-sim/README.md, \"Scenarios\".")]
    [InlineData("lock a: expect version", "x.scenario:1: expect/wait until takes: version N, pending N, credentials N, connected, offline, locked out or lockdown.")]
    [InlineData("lock a: fault drop-in=2", "x.scenario:1: drop-in must be between 0 and 1 (or 0%-100%).")]
    [InlineData("lock a enter pin 1234", "x.scenario:1: a lock step is 'lock ID: action' (or 'lock *: action').")]
    public void Parse_BrokenLine_SaysWhereAndWhyWithoutEchoingSecrets(string line, string message)
    {
        var error = Assert.Throws<FormatException>(() => ScenarioParser.Parse(line, "x.scenario"));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Parse_EveryStepKind_ReadsTheDocumentedSyntax()
    {
        var steps = ScenarioParser.Parse("""
            lock a: enter pin 48213957
            lock a: present mobile key eyJhbGciOiJFUzI1NiJ9.e30.c2ln
            lock a: expect granted
            lock a: expect denied wrong_pin
            lock a: offline 10 min
            lock a: online
            lock a: disconnect
            lock a: power cycle
            lock a: force door
            lock a: hold door open
            lock a: tamper
            lock a: battery 12%
            lock a: skew +90s
            lock a: clock 2026-05-04 18:30
            lock a: fault drop-out=10%
            lock *: wait until version 3 within 5s
            lock a: expect locked out
            wait 2s
            """);

        Assert.Equal(
            [typeof(EnterPinAction), typeof(PresentMobileKeyAction), typeof(ExpectEntryAction), typeof(ExpectEntryAction), typeof(OfflineAction), typeof(OnlineAction),
                typeof(DisconnectAction), typeof(PowerCycleAction), typeof(DoorAction), typeof(DoorAction), typeof(DoorAction), typeof(BatteryAction), typeof(SkewAction),
                typeof(ClockAction), typeof(FaultAction), typeof(WaitUntilAction), typeof(ExpectStateAction), typeof(WaitAction)],
            steps.Select(s => s.Action.GetType()));
        Assert.Equal(new OfflineAction(TimeSpan.FromMinutes(10)), steps[4].Action);
        Assert.Equal(new WaitUntilAction(LockProperty.Version, 3, TimeSpan.FromSeconds(5)), steps[15].Action);
        Assert.Equal("*", steps[15].Lock);
        Assert.Equal("enter pin ********", steps[0].Action.Describe());
        Assert.DoesNotContain("eyJ", steps[1].Action.Describe(), StringComparison.Ordinal);
    }

    private static string RepositoryFile(string relative)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"{relative} not found above {AppContext.BaseDirectory}.");
    }
}

using GuestAccess.FirmwareSim.Control;
using GuestAccess.FirmwareSim.Faults;
using GuestAccess.FirmwareSim.Fleet;
using GuestAccess.FirmwareSim.Scenarios;
using GuestAccess.FirmwareSim.Traffic;
using GuestAccess.LockProtocol.Provisioning;
using Microsoft.Extensions.Logging;

namespace GuestAccess.FirmwareSim.Cli;

/// <summary><c>guestaccess-sim run</c>: start the fleet, then the control surface, scenario and traffic that were asked for.</summary>
public static class SimRunner
{
    public static async Task<int> RunAsync(RunSettings settings, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        var bundle = await LoadBundleAsync(settings.Provisioning, cancellationToken).ConfigureAwait(false);
        using var loggerFactory = LoggerFactory.Create(logging => logging
            .SetMinimumLevel(settings.LogLevel)
            .AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.TimestampFormat = "HH:mm:ss.fff ";
            }));
        var options = new SimulatorOptions
        {
            StateDirectory = settings.StateDirectory.FullName,
            Broker = settings.Broker is { } url ? BrokerEndpoint.Parse(url) with { CaCertificatePem = ReadCa(settings.CaFile) } : null,
            ProtocolVersion = settings.ProtocolVersion,
            InitialSkew = settings.Skews.LastOrDefault(s => s.LockId is null)?.Skew ?? TimeSpan.Zero,
            Faults = settings.Faults.Where(f => f.LockId is null).Aggregate(FaultProfile.None, (profile, spec) => spec.ApplyTo(profile)),
            RandomSeed = settings.Seed,
            FlushToDisk = settings.FlushToDisk,
            StepClockForward = settings.StepClockForward,
        };
        await using var fleet = await LockFleetSimulator.StartAsync(bundle, options, loggerFactory, cancellationToken).ConfigureAwait(false);
        ApplyPerLockSettings(fleet, settings);
        await output.WriteLineAsync($"guestaccess-sim: {fleet.Locks.Count} locks against {fleet.Broker}, state in {options.StateDirectory}").ConfigureAwait(false);

        await using var control = settings.ControlPort >= 0
            ? await ControlSurface.StartAsync(fleet, settings.ControlPort, loggerFactory, cancellationToken).ConfigureAwait(false)
            : null;
        if (control is not null)
        {
            // Tests and scripts read this line to find the OS-chosen port.
            await output.WriteLineAsync($"control: {control.Address}").ConfigureAwait(false);
        }

        await using var traffic = settings.TrafficRate > 0
            ? RandomTraffic.Start(fleet, settings.TrafficRate, settings.GrantedRatio, await LoadTrafficCredentialsAsync(settings.TrafficCredentials, cancellationToken).ConfigureAwait(false))
            : null;

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (settings.Duration is { } duration)
        {
            stop.CancelAfter(duration);
        }

        var exitCode = 0;
        if (settings.Scenario is { } scenarioFile)
        {
            var steps = ScenarioParser.Parse(await File.ReadAllTextAsync(scenarioFile.FullName, cancellationToken).ConfigureAwait(false), scenarioFile.Name, scenarioFile.DirectoryName);
            await fleet.WaitUntilAllConnectedAsync(TimeSpan.FromSeconds(60), stop.Token).ConfigureAwait(false);
            var result = await new ScenarioRunner(fleet, output).RunAsync(steps, scenarioFile.Name, stop.Token).ConfigureAwait(false);
            exitCode = result.Passed ? 0 : 1;
            if (!settings.KeepRunning)
            {
                await stop.CancelAsync().ConfigureAwait(false);
            }
        }

        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C, SIGTERM, --duration or the end of the scenario.
        }

        if (traffic is not null)
        {
            await output.WriteLineAsync("traffic: " + traffic.Summary()).ConfigureAwait(false);
        }

        await output.WriteLineAsync("guestaccess-sim: stopping (offline status, clean disconnect)").ConfigureAwait(false);
        await fleet.StopAsync().ConfigureAwait(false);
        return exitCode;
    }

    private static async Task<TrafficCredentials> LoadTrafficCredentialsAsync(FileInfo? file, CancellationToken cancellationToken) =>
        file is null ? TrafficCredentials.None : TrafficCredentials.Parse(await File.ReadAllTextAsync(file.FullName, cancellationToken).ConfigureAwait(false));

    private static async Task<ProvisioningBundle> LoadBundleAsync(FileInfo file, CancellationToken cancellationToken)
    {
        if (!file.Exists)
        {
            throw new IOException($"The provisioning bundle {file.FullName} does not exist.");
        }

        var json = await File.ReadAllTextAsync(file.FullName, cancellationToken).ConfigureAwait(false);
        return ProvisioningBundle.TryParse(json, out var bundle, out var error)
            ? bundle
            : throw new FormatException($"{file.Name}: {error}");
    }

    private static string? ReadCa(FileInfo? file) => file is null ? null : File.ReadAllText(file.FullName);

    private static void ApplyPerLockSettings(LockFleetSimulator fleet, RunSettings settings)
    {
        foreach (var skew in settings.Skews.Where(s => s.LockId is not null))
        {
            fleet[skew.LockId!].Clock.Skew = skew.Skew;
        }

        foreach (var group in settings.Faults.Where(f => f.LockId is not null).GroupBy(f => f.LockId!))
        {
            var simulatedLock = fleet[group.Key];
            simulatedLock.Faults = group.Aggregate(simulatedLock.Faults, (profile, spec) => spec.ApplyTo(profile));
        }
    }
}

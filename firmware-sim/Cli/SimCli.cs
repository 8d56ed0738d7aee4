using System.CommandLine;
using GuestAccess.FirmwareSim.Faults;
using GuestAccess.FirmwareSim.Support;
using GuestAccess.Mqtt;
using Microsoft.Extensions.Logging;

namespace GuestAccess.FirmwareSim.Cli;

/// <summary>The <c>guestaccess-sim</c> command line (README.md, "Command line").</summary>
public static class SimCli
{
    public static Task<int> RunAsync(string[] args)
    {
        var provisioning = new Option<FileInfo>("--provisioning", "-p") { Description = "Provisioning bundle (JSON, docs/lock-protocol.md section 17).", Required = true };
        var broker = new Option<string?>("--broker", "-b") { Description = "Broker URL, mqtt://host[:port] or mqtts://host[:port]. Default: the bundle's broker, else mqtt://127.0.0.1:1883." };
        var caFile = new Option<FileInfo?>("--ca-file") { Description = "PEM file of a private CA that signed the broker's TLS certificate." };
        var stateDir = new Option<DirectoryInfo>("--state-dir") { Description = "Where each lock keeps its non-volatile state.", DefaultValueFactory = _ => new DirectoryInfo("sim-state") };
        var controlPort = new Option<int>("--control-port") { Description = "HTTP control surface on 127.0.0.1 (0 = OS-chosen, printed; -1 = off).", DefaultValueFactory = _ => 0 };
        var scenario = new Option<FileInfo?>("--scenario") { Description = "Run a scenario file, then exit with its result (0 passed, 1 failed)." };
        var keepRunning = new Option<bool>("--keep-running") { Description = "Keep running after the scenario ends." };
        var traffic = new Option<double>("--random-traffic") { Description = "Random entry traffic across all locks, in events per second." };
        var grantedRatio = new Option<double>("--granted-ratio") { Description = "Share of random entries that use a known credential (needs --traffic-credentials).", DefaultValueFactory = _ => 0.7 };
        var trafficCredentials = new Option<FileInfo?>("--traffic-credentials") { Description = "JSON {\"pins\":{\"lock-id\":[\"PIN\",...]},\"mobileKeys\":[\"token\",...]} the random traffic may use for granted entries." };
        var skew = new Option<string[]>("--skew") { Description = "Lock clock skew, [lock-id:]±duration, e.g. 30s, -2m, dokk1-room-3:+90s. Repeatable.", AllowMultipleArgumentsPerToken = false };
        var fault = new Option<string[]>("--fault") { Description = $"Fault, [lock-id:]name=value; names: {string.Join(", ", FaultSpec.Names)}. Repeatable." };
        var seed = new Option<int?>("--seed") { Description = "Seed for faults and random traffic (reproducible runs)." };
        var mqttVersion = new Option<string>("--mqtt-version") { Description = "MQTT protocol version: 5 or 3.1.1.", DefaultValueFactory = _ => "5" };
        var noFsync = new Option<bool>("--no-fsync") { Description = "Do not fsync state writes (faster for huge fleets; survives kill -9 but not a host crash)." };
        var stepClock = new Option<bool>("--step-clock-forward") { Description = "Step the lock clock forward to a verified command's issuedAt when it lags (docs section 12)." };
        var duration = new Option<string?>("--duration") { Description = "Stop after this long (e.g. 60s, 10m)." };
        var logLevel = new Option<LogLevel>("--log-level") { Description = "Console log level.", DefaultValueFactory = _ => LogLevel.Information };

        var run = new Command("run", "Run virtual lock controllers against a broker.")
        {
            provisioning, broker, caFile, stateDir, controlPort, scenario, keepRunning, traffic, grantedRatio, trafficCredentials,
            skew, fault, seed, mqttVersion, noFsync, stepClock, duration, logLevel,
        };
        run.SetAction((result, cancellationToken) => Guarded(() =>
        {
            var settings = new RunSettings
            {
                Provisioning = result.GetValue(provisioning)!,
                Broker = result.GetValue(broker),
                CaFile = result.GetValue(caFile),
                StateDirectory = result.GetValue(stateDir)!,
                ControlPort = result.GetValue(controlPort),
                Scenario = result.GetValue(scenario),
                KeepRunning = result.GetValue(keepRunning),
                TrafficRate = result.GetValue(traffic),
                GrantedRatio = result.GetValue(grantedRatio),
                TrafficCredentials = result.GetValue(trafficCredentials),
                Skews = [.. (result.GetValue(skew) ?? []).Select(SkewSetting.Parse)],
                Faults = [.. (result.GetValue(fault) ?? []).Select(FaultSpec.Parse)],
                Seed = result.GetValue(seed),
                ProtocolVersion = result.GetValue(mqttVersion) switch
                {
                    "5" or "5.0" => MqttProtocolVersion.V500,
                    "3.1.1" or "3" => MqttProtocolVersion.V311,
                    _ => throw new FormatException("--mqtt-version is 5 or 3.1.1."),
                },
                FlushToDisk = !result.GetValue(noFsync),
                StepClockForward = result.GetValue(stepClock),
                Duration = result.GetValue(duration) is { } text ? Durations.Parse(text) : null,
                LogLevel = result.GetValue(logLevel),
            };
            return SimRunner.RunAsync(settings, Console.Out, cancellationToken);
        }));

        var root = new RootCommand("guestaccess-sim — virtual GuestAccess lock controllers speaking the lock protocol over MQTT.");
        root.Subcommands.Add(run);
        return root.Parse(args).InvokeAsync();
    }

    // Operator mistakes get one clear line on stderr and exit code 2, not a stack trace.
    private static async Task<int> Guarded(Func<Task<int>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (Exception e) when (e is FormatException or InvalidDataException or IOException or ArgumentException or TimeZoneNotFoundException or UnauthorizedAccessException or KeyNotFoundException)
        {
            await Console.Error.WriteLineAsync($"guestaccess-sim cannot run: {e.Message}").ConfigureAwait(false);
            return 2;
        }
    }
}

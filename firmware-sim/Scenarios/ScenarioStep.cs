namespace GuestAccess.FirmwareSim.Scenarios;

/// <summary>One line of a scenario: what to do, to which lock(s) (null = no lock, "*" = every lock), from which line.</summary>
public sealed record ScenarioStep(int Line, string? Lock, ScenarioAction Action);

/// <summary>The actions of the scenario language (README.md, "Scenarios").</summary>
public abstract record ScenarioAction
{
    /// <summary>The step as it may be printed: secrets masked.</summary>
    public abstract string Describe();
}

public sealed record WaitAction(TimeSpan Duration) : ScenarioAction
{
    public override string Describe() => $"wait {Duration.TotalSeconds:0.###}s";
}

public sealed record EnterPinAction(string Pin) : ScenarioAction
{
    public override string Describe() => "enter pin " + new string('*', Pin.Length);
}

public sealed record PresentMobileKeyAction(string Token) : ScenarioAction
{
    public override string Describe() => "present mobile key (token not shown)";
}

/// <summary>expect granted | expect denied [reason]: about the lock's last entry in this scenario.</summary>
public sealed record ExpectEntryAction(bool Granted, string? Reason) : ScenarioAction
{
    public override string Describe() => Granted ? "expect granted" : "expect denied" + (Reason is null ? string.Empty : " " + Reason);
}

public enum LockProperty
{
    Version,
    Pending,
    Credentials,
    Connected,
    Offline,
    LockedOut,
    Lockdown,
}

/// <summary>expect version 3 | expect pending 0 | expect connected | ...: checked once, now.</summary>
public sealed record ExpectStateAction(LockProperty Property, long? Value) : ScenarioAction
{
    public override string Describe() => $"expect {Property.ToString().ToLowerInvariant()}{(Value is { } v ? " " + v : string.Empty)}";
}

/// <summary>wait until version 3 | wait until connected | ...: waits (up to the timeout) until it holds.</summary>
public sealed record WaitUntilAction(LockProperty Property, long? Value, TimeSpan Timeout) : ScenarioAction
{
    public override string Describe() => $"wait until {Property.ToString().ToLowerInvariant()}{(Value is { } v ? " " + v : string.Empty)}";
}

public sealed record OfflineAction(TimeSpan? Duration) : ScenarioAction
{
    public override string Describe() => Duration is { } d ? $"offline {d.TotalSeconds:0.###}s" : "offline";
}

public sealed record OnlineAction : ScenarioAction
{
    public override string Describe() => "online";
}

public sealed record DisconnectAction : ScenarioAction
{
    public override string Describe() => "disconnect";
}

public sealed record PowerCycleAction : ScenarioAction
{
    public override string Describe() => "power cycle";
}

public enum DoorIncident
{
    Forced,
    HeldOpen,
    Tamper,
}

public sealed record DoorAction(DoorIncident Incident) : ScenarioAction
{
    public override string Describe() => Incident switch
    {
        DoorIncident.Forced => "force door",
        DoorIncident.HeldOpen => "hold door open",
        DoorIncident.Tamper => "tamper",
    };
}

public sealed record BatteryAction(int Percent) : ScenarioAction
{
    public override string Describe() => $"battery {Percent}%";
}

public sealed record SkewAction(TimeSpan Skew) : ScenarioAction
{
    public override string Describe() => $"skew {Skew.TotalSeconds:+0.###;-0.###;0}s";
}

/// <summary>clock 2026-06-01 19:00: set the lock clock to this wall-clock time in the site's time zone.</summary>
public sealed record ClockAction(DateTime LocalTime) : ScenarioAction
{
    public override string Describe() => $"clock {LocalTime:yyyy-MM-dd HH:mm}";
}

public sealed record FaultAction(string Name, string Value) : ScenarioAction
{
    public override string Describe() => $"fault {Name}={Value}";
}

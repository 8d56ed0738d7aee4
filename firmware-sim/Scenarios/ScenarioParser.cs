using System.Globalization;
using GuestAccess.FirmwareSim.Faults;
using GuestAccess.FirmwareSim.Support;
using GuestAccess.LockProtocol.Messages;
using GuestAccess.LockProtocol.Serialization;

namespace GuestAccess.FirmwareSim.Scenarios;

/// <summary>
/// Reads the line-based scenario language (README.md, "Scenarios"). One step per line;
/// <c>#</c> starts a comment; <c>lock ID: action</c> or <c>lock *: action</c> addresses locks,
/// <c>wait 2s</c> stands alone. Errors carry <c>file:line</c> and never quote a PIN or token.
/// </summary>
public static class ScenarioParser
{
    public static readonly TimeSpan DefaultWaitTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Parses <paramref name="text"/>; <paramref name="baseDirectory"/> resolves <c>@file</c> tokens.</summary>
    public static IReadOnlyList<ScenarioStep> Parse(string text, string source = "scenario", string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var steps = new List<ScenarioStep>();
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = StripComment(lines[i]).Trim();
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                steps.Add(ParseLine(i + 1, line, baseDirectory));
            }
            catch (FormatException ex)
            {
                throw new FormatException($"{source}:{i + 1}: {ex.Message}");
            }
        }

        return steps;
    }

    private static string StripComment(string line)
    {
        var hash = line.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? line : line[..hash];
    }

    private static ScenarioStep ParseLine(int number, string line, string? baseDirectory)
    {
        if (line.StartsWith("lock ", StringComparison.OrdinalIgnoreCase))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                throw new FormatException("a lock step is 'lock ID: action' (or 'lock *: action').");
            }

            var target = line[5..colon].Trim();
            if (target.Length == 0)
            {
                throw new FormatException("name the lock (or * for every lock) before the colon.");
            }

            return new ScenarioStep(number, target, ParseAction(line[(colon + 1)..].Trim(), baseDirectory));
        }

        var action = ParseAction(line, baseDirectory);
        return action is WaitAction ? new ScenarioStep(number, null, action) : throw new FormatException("only 'wait' stands alone; other steps start with 'lock ID:'.");
    }

    private static ScenarioAction ParseAction(string text, string? baseDirectory)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string Rest(int from) => string.Join(' ', words.Skip(from));
        return words.Length == 0 ? throw new FormatException("empty step.") : words[0].ToLowerInvariant() switch
        {
            "enter" when Starts(words, "enter", "pin") => new EnterPinAction(Pin(Rest(2))),
            "present" when Starts(words, "present", "mobile", "key") => new PresentMobileKeyAction(Token(Rest(3), baseDirectory)),
            "expect" when Starts(words, "expect", "granted") && words.Length == 2 => new ExpectEntryAction(true, null),
            "expect" when Starts(words, "expect", "denied") => new ExpectEntryAction(false, words.Length > 2 ? Reason(words[2]) : null),
            "expect" => ParseExpectation(words[1..]),
            "wait" when Starts(words, "wait", "until") => ParseWaitUntil(words[2..]),
            "wait" => new WaitAction(Duration(Rest(1))),
            "offline" => new OfflineAction(words.Length > 1 ? Duration(Rest(1)) : null),
            "online" when words.Length == 1 => new OnlineAction(),
            "disconnect" when words.Length == 1 => new DisconnectAction(),
            "power" when Starts(words, "power", "cycle") && words.Length == 2 => new PowerCycleAction(),
            "force" when Starts(words, "force", "door") && words.Length == 2 => new DoorAction(DoorIncident.Forced),
            "hold" when Starts(words, "hold", "door", "open") && words.Length == 3 => new DoorAction(DoorIncident.HeldOpen),
            "tamper" when words.Length == 1 => new DoorAction(DoorIncident.Tamper),
            "battery" when words.Length == 2 => new BatteryAction(Percent(words[1])),
            "skew" => new SkewAction(Duration(Rest(1))),
            "clock" => new ClockAction(LocalTime(Rest(1))),
            "fault" when words.Length == 2 => Fault(words[1]),
            _ => throw new FormatException($"unknown step '{Safe(words[0])}'; see firmware-sim/README.md, \"Scenarios\"."),
        };
    }

    private static bool Starts(string[] words, params string[] prefix) =>
        words.Length >= prefix.Length && prefix.Select((p, i) => string.Equals(words[i], p, StringComparison.OrdinalIgnoreCase)).All(x => x);

    private static ExpectStateAction ParseExpectation(string[] words)
    {
        var (property, value) = Property(words);
        return new ExpectStateAction(property, value);
    }

    private static WaitUntilAction ParseWaitUntil(string[] words)
    {
        // wait until version 3 [within 10s]
        var within = Array.FindIndex(words, w => string.Equals(w, "within", StringComparison.OrdinalIgnoreCase));
        var timeout = within >= 0 ? Duration(string.Join(' ', words[(within + 1)..])) : DefaultWaitTimeout;
        var (property, value) = Property(within >= 0 ? words[..within] : words);
        return new WaitUntilAction(property, value, timeout);
    }

    private static (LockProperty, long?) Property(string[] words)
    {
        var name = string.Join(' ', words.TakeWhile(w => !long.TryParse(w, NumberStyles.None, CultureInfo.InvariantCulture, out _))).ToLowerInvariant();
        var number = words.Length > 0 && long.TryParse(words[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : (long?)null;
        LockProperty? property = name switch
        {
            "version" => LockProperty.Version,
            "pending" or "pending events" => LockProperty.Pending,
            "credentials" => LockProperty.Credentials,
            "connected" => LockProperty.Connected,
            "offline" => LockProperty.Offline,
            "locked out" => LockProperty.LockedOut,
            "lockdown" => LockProperty.Lockdown,
            _ => null,
        };
        var needsNumber = property is LockProperty.Version or LockProperty.Pending or LockProperty.Credentials;
        if (property is null || needsNumber != number.HasValue)
        {
            throw new FormatException("expect/wait until takes: version N, pending N, credentials N, connected, offline, locked out or lockdown.");
        }

        return (property.Value, number);
    }

    private static string Pin(string text) =>
        text.Length is >= 1 and <= 32 && text.All(char.IsAsciiDigit) ? text : throw new FormatException("enter pin takes 1-32 digits.");

    private static string Token(string text, string? baseDirectory)
    {
        if (text.StartsWith('@'))
        {
            var path = Path.Combine(baseDirectory ?? Directory.GetCurrentDirectory(), text[1..]);
            return File.Exists(path) ? File.ReadAllText(path).Trim() : throw new FormatException($"the token file {text[1..]} does not exist.");
        }

        return text.Length is >= 1 and <= 8192 && !text.Contains(' ', StringComparison.Ordinal) ? text : throw new FormatException("present mobile key takes a compact token or @file.");
    }

    private static string Reason(string text) =>
        WireNames.TryParse<DenialReason>(text, out _) ? text : throw new FormatException($"unknown denial reason '{Safe(text)}'.");

    private static TimeSpan Duration(string text) =>
        Durations.TryParse(text, out var duration) ? duration : throw new FormatException("a duration is e.g. 500ms, 2s, 10 min, -90s.");

    private static int Percent(string text) =>
        int.TryParse(text.TrimEnd('%'), NumberStyles.None, CultureInfo.InvariantCulture, out var percent) && percent <= 100 ? percent : throw new FormatException("battery takes 0-100%.");

    private static DateTime LocalTime(string text) =>
        DateTime.TryParseExact(text, ["yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? local
            : throw new FormatException("clock takes a local time: yyyy-MM-dd HH:mm.");

    private static FaultAction Fault(string text)
    {
        var spec = FaultSpec.Parse(text);
        return spec.LockId is null ? new FaultAction(spec.Name, spec.Value) : throw new FormatException("write 'lock ID: fault name=value'.");
    }

    private static string Safe(string word) => word.Length <= 32 && word.All(c => char.IsAsciiLetter(c) || c is '_' or '-') ? word : "…";
}

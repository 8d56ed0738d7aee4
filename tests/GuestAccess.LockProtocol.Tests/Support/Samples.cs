using GuestAccess.LockProtocol.Credentials;
using GuestAccess.LockProtocol.Messages;
using GuestAccess.LockProtocol.Schedules;

namespace GuestAccess.LockProtocol.Tests.Support;

/// <summary>Sample wire objects shared by golden and behaviour tests.</summary>
internal static class Samples
{
    public static readonly byte[] Salt = Enumerable.Range(0, 16).Select(i => (byte)i).ToArray();

    public static WeeklySchedule Schedule => new()
    {
        TimeZone = "Europe/Copenhagen",
        Posix = "CET-1CEST,M3.5.0,M10.5.0/3",
        Windows =
        [
            new ScheduleWindow { Days = [Weekday.Monday, Weekday.Wednesday], From = ClockTime.Parse("18:00"), To = ClockTime.Parse("22:00") },
            new ScheduleWindow { Days = [Weekday.Friday], From = ClockTime.Parse("22:00"), To = ClockTime.Parse("02:00") },
        ],
    };

    /// <summary>PIN 48213957 with salt 00..0f, valid 2026-05-04T17:00Z to 2026-05-31T22:00Z.</summary>
    public static PinCredential Pin => PinHasher.CreateCredential(
        "48213957",
        "cred-pin-17",
        "grant-9",
        new CredentialValidity(DateTimeOffset.FromUnixTimeSeconds(1777914000), DateTimeOffset.FromUnixTimeSeconds(1780264800), Schedule),
        Salt);

    public static T Stamp<T>(T command, long counter = 42)
        where T : LockCommand =>
        command with { Counter = counter, IssuedAt = Fixtures.Now, ExpiresAt = Fixtures.Now.AddMinutes(5) };
}

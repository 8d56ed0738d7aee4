using GuestAccess.LockProtocol.Credentials;
using GuestAccess.LockProtocol.Messages;
using GuestAccess.LockProtocol.Schedules;
using GuestAccess.LockProtocol.Topics;

namespace GuestAccess.FirmwareSim.Tests.Support;

/// <summary>Credentials and credential commands as the server would build them.</summary>
public static class Credentials
{
    public static PinCredential Pin(string pin, string id, DateTimeOffset notBefore, DateTimeOffset notAfter, WeeklySchedule? schedule = null) =>
        PinHasher.CreateCredential(pin, id, "grant-" + id, new CredentialValidity(notBefore, notAfter, schedule));

    /// <summary>A PIN valid from an hour ago for a day.</summary>
    public static PinCredential ValidPin(string pin, string id) =>
        Pin(pin, id, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1));

    public static ApplyCredentials Delta(TestLockServer server, LockId lockId, long from, long to, IReadOnlyList<PinCredential>? upserts = null, IReadOnlyList<string>? removals = null, IReadOnlyList<RevocationEntry>? revocations = null) => new()
    {
        CommandId = server.NextCommandId(),
        Lock = lockId,
        FromVersion = from,
        ToVersion = to,
        Upserts = upserts ?? [],
        Removals = removals ?? [],
        Revocations = revocations ?? [],
    };

    public static SyncCredentials Sync(TestLockServer server, LockId lockId, long version, IReadOnlyList<PinCredential> pins, bool lockdown = false) => new()
    {
        CommandId = server.NextCommandId(),
        Lock = lockId,
        Version = version,
        Lockdown = lockdown,
        Credentials = pins,
        Revocations = [],
    };
}

using System.Text;
using GuestAccess.LockProtocol.Credentials;
using GuestAccess.LockProtocol.Messages;
using GuestAccess.LockProtocol.Tests.Support;

namespace GuestAccess.LockProtocol.Tests.Messages;

/// <summary>
/// The wire format of every message, written out by hand. A failure here means the contract
/// changed: that needs a new schema version, not a new expected string.
/// </summary>
public sealed class GoldenJsonTests
{
    private const string CommandHeader = """
        "lock":"dokk1-room-3","counter":42,"issuedAt":1777881600,"expiresAt":1777881900
        """;

    private const string PinJson = """
        {"id":"cred-pin-17","grant":"grant-9","salt":"AAECAwQFBgcICQoLDA0ODw","hash":"eCnALfKhYbXL-dGZkylPdusL41F_Pred24ykiehS7ao","notBefore":1777914000,"notAfter":1780264800,"schedule":{"tz":"Europe/Copenhagen","posix":"CET-1CEST,M3.5.0,M10.5.0/3","windows":[{"days":["mon","wed"],"from":"18:00","to":"22:00"},{"days":["fri"],"from":"22:00","to":"02:00"}]}}
        """;

    [Fact]
    public void ApplyCredentials_Encoded_MatchesGoldenJson() => AssertGolden(
        Samples.Stamp(new ApplyCredentials
        {
            CommandId = "cmd-0001",
            Lock = Fixtures.Lock,
            FromVersion = 6,
            ToVersion = 7,
            Upserts = [Samples.Pin],
            Removals = ["cred-pin-3"],
            Revocations = [new RevocationEntry { CredentialId = "cred-key-3", Until = DateTimeOffset.FromUnixTimeSeconds(1780264800) }],
        }),
        $$"""{"v":1,"type":"apply_credentials","id":"cmd-0001",{{CommandHeader}},"fromVersion":6,"toVersion":7,"upserts":[{{PinJson}}],"removals":["cred-pin-3"],"revocations":[{"credential":"cred-key-3","until":1780264800}]}""");

    [Fact]
    public void SyncCredentials_Encoded_MatchesGoldenJson() => AssertGolden(
        Samples.Stamp(new SyncCredentials
        {
            CommandId = "cmd-0002",
            Lock = Fixtures.Lock,
            Version = 7,
            Lockdown = false,
            Credentials = [Samples.Pin with { Schedule = null }],
            Revocations = [],
        }),
        $$"""{"v":1,"type":"sync_credentials","id":"cmd-0002",{{CommandHeader}},"version":7,"lockdown":false,"credentials":[{"id":"cred-pin-17","grant":"grant-9","salt":"AAECAwQFBgcICQoLDA0ODw","hash":"eCnALfKhYbXL-dGZkylPdusL41F_Pred24ykiehS7ao","notBefore":1777914000,"notAfter":1780264800}],"revocations":[]}""");

    [Fact]
    public void ConfirmEvents_Encoded_MatchesGoldenJson() => AssertGolden(
        Samples.Stamp(new ConfirmEvents { CommandId = "cmd-0004", Lock = Fixtures.Lock, UpTo = 100, Sequences = [103, 104] }),
        $$"""{"v":1,"type":"confirm_events","id":"cmd-0004",{{CommandHeader}},"upTo":100,"sequences":[103,104]}""");

    [Fact]
    public void ReplayEvents_Encoded_MatchesGoldenJson() => AssertGolden(
        Samples.Stamp(new ReplayEvents { CommandId = "cmd-0005", Lock = Fixtures.Lock, From = 101 }),
        $$"""{"v":1,"type":"replay_events","id":"cmd-0005",{{CommandHeader}},"from":101}""");

    [Fact]
    public void RemoteUnlock_Encoded_MatchesGoldenJson() => AssertGolden(
        Samples.Stamp(new RemoteUnlock { CommandId = "cmd-0003", Lock = Fixtures.Lock, DurationSeconds = 5, Reason = "Caretaker lets in the cleaning crew" }),
        $$"""{"v":1,"type":"remote_unlock","id":"cmd-0003",{{CommandHeader}},"durationSeconds":5,"reason":"Caretaker lets in the cleaning crew"}""");

    [Fact]
    public void Text_NonAsciiAndHtmlSensitiveCharacters_StayUnescapedUtf8() => AssertGolden(
        Samples.Stamp(new RemoteUnlock { CommandId = "cmd-0008", Lock = Fixtures.Lock, DurationSeconds = 5, Reason = "Viceværten åbner <rum 3> & \"gården\"" }),
        $$"""{"v":1,"type":"remote_unlock","id":"cmd-0008",{{CommandHeader}},"durationSeconds":5,"reason":"Viceværten åbner <rum 3> & \"gården\""}""");

    [Fact]
    public void Lockdown_Encoded_MatchesGoldenJson() => AssertGolden(
        Samples.Stamp(new Lockdown { CommandId = "cmd-0006", Lock = Fixtures.Lock, Version = 8, Reason = "Site emergency" }),
        $$"""{"v":1,"type":"lockdown","id":"cmd-0006",{{CommandHeader}},"version":8,"reason":"Site emergency"}""");

    [Fact]
    public void RequestStatus_Encoded_MatchesGoldenJson() => AssertGolden(
        Samples.Stamp(new RequestStatus { CommandId = "cmd-0007", Lock = Fixtures.Lock }),
        $$"""{"v":1,"type":"request_status","id":"cmd-0007",{{CommandHeader}}}""");

    [Fact]
    public void CommandAck_Encoded_MatchesGoldenJson() => AssertGolden(
        new CommandAck { Lock = Fixtures.Lock, CommandId = "cmd-0001", At = Fixtures.Now, AppliedVersion = 7 },
        """{"v":1,"type":"command_ack","lock":"dokk1-room-3","commandId":"cmd-0001","at":1777881600,"appliedVersion":7}""");

    [Fact]
    public void CommandRejected_Encoded_MatchesGoldenJson() => AssertGolden(
        new CommandRejected { Lock = Fixtures.Lock, CommandId = "cmd-0001", At = Fixtures.Now, AppliedVersion = 5, Reason = CommandRejectReason.VersionGap, Detail = "fromVersion is not the applied version" },
        """{"v":1,"type":"command_rejected","lock":"dokk1-room-3","commandId":"cmd-0001","at":1777881600,"appliedVersion":5,"reason":"version_gap","detail":"fromVersion is not the applied version"}""");

    [Fact]
    public void CommandRejected_WithoutCommandId_MatchesGoldenJson() => AssertGolden(
        new CommandRejected { Lock = Fixtures.Lock, At = Fixtures.Now, AppliedVersion = 5, Reason = CommandRejectReason.Malformed },
        """{"v":1,"type":"command_rejected","lock":"dokk1-room-3","at":1777881600,"appliedVersion":5,"reason":"malformed"}""");

    [Fact]
    public void EventBatch_Encoded_MatchesGoldenJson() => AssertGolden(
        new EventBatch
        {
            Lock = Fixtures.Lock,
            Events =
            [
                new LockEvent { Sequence = 101, At = Fixtures.Now, Door = "room-3", Kind = EventKind.EntryAttempt, Outcome = EntryOutcome.Granted, Method = EntryMethod.Pin, CredentialId = "cred-pin-17", GrantId = "grant-9" },
                new LockEvent { Sequence = 102, At = Fixtures.Now.AddSeconds(60), Door = "room-3", Kind = EventKind.EntryAttempt, Outcome = EntryOutcome.Denied, Method = EntryMethod.Pin, Reason = DenialReason.WrongPin },
                new LockEvent { Sequence = 103, At = Fixtures.Now.AddSeconds(61), Door = "room-3", Kind = EventKind.EntryAttempt, Outcome = EntryOutcome.Denied, Method = EntryMethod.MobileKey, Reason = DenialReason.Revoked, CredentialId = "cred-key-3", GrantId = "grant-2" },
                new LockEvent { Sequence = 104, At = Fixtures.Now.AddSeconds(62), Door = "room-3", Kind = EventKind.EntryAttempt, Outcome = EntryOutcome.Granted, Method = EntryMethod.RemoteUnlock, CommandId = "cmd-0003" },
                new LockEvent { Sequence = 105, At = Fixtures.Now.AddSeconds(120), Door = "room-3", Kind = EventKind.DoorHeldOpen },
                new LockEvent { Sequence = 106, At = Fixtures.Now.AddSeconds(121), Door = "room-3", Kind = EventKind.CommandRejected, CommandId = "cmd-0009", RejectReason = CommandRejectReason.BadSignature },
                new LockEvent { Sequence = 107, At = Fixtures.Now.AddSeconds(122), Door = "room-3", Kind = EventKind.BatteryLow, BatteryPercent = 14 },
                new LockEvent { Sequence = 108, At = Fixtures.Now.AddSeconds(123), Door = "room-3", Kind = EventKind.ClockSkew, SkewSeconds = -95 },
                new LockEvent { Sequence = 109, At = Fixtures.Now.AddSeconds(124), Door = "room-3", Kind = EventKind.EventsDropped, DroppedCount = 3 },
            ],
        },
        """{"v":1,"type":"event_batch","lock":"dokk1-room-3","events":[""" +
        """{"seq":101,"at":1777881600,"door":"room-3","kind":"entry_attempt","outcome":"granted","method":"pin","credentialId":"cred-pin-17","grantId":"grant-9"},""" +
        """{"seq":102,"at":1777881660,"door":"room-3","kind":"entry_attempt","outcome":"denied","method":"pin","reason":"wrong_pin"},""" +
        """{"seq":103,"at":1777881661,"door":"room-3","kind":"entry_attempt","outcome":"denied","method":"mobile_key","reason":"revoked","credentialId":"cred-key-3","grantId":"grant-2"},""" +
        """{"seq":104,"at":1777881662,"door":"room-3","kind":"entry_attempt","outcome":"granted","method":"remote_unlock","commandId":"cmd-0003"},""" +
        """{"seq":105,"at":1777881720,"door":"room-3","kind":"door_held_open"},""" +
        """{"seq":106,"at":1777881721,"door":"room-3","kind":"command_rejected","commandId":"cmd-0009","rejectReason":"bad_signature"},""" +
        """{"seq":107,"at":1777881722,"door":"room-3","kind":"battery_low","batteryPercent":14},""" +
        """{"seq":108,"at":1777881723,"door":"room-3","kind":"clock_skew","skewSeconds":-95},""" +
        """{"seq":109,"at":1777881724,"door":"room-3","kind":"events_dropped","droppedCount":3}]}""");

    [Fact]
    public void OnlineStatus_Encoded_MatchesGoldenJson() => AssertGolden(
        new LockStatus
        {
            Lock = Fixtures.Lock,
            State = LockState.Online,
            Firmware = "ga-sim/1.0.0",
            Protocols = [1],
            AppliedVersion = 7,
            Lockdown = false,
            Clock = Fixtures.Now,
            LastEventSeq = 109,
            PendingEvents = 2,
            BatteryPercent = 87,
            UptimeSeconds = 86400,
        },
        """{"v":1,"type":"status","lock":"dokk1-room-3","state":"online","firmware":"ga-sim/1.0.0","protocols":[1],"appliedVersion":7,"lockdown":false,"clock":1777881600,"lastEventSeq":109,"pendingEvents":2,"batteryPercent":87,"uptimeSeconds":86400}""");

    [Fact]
    public void OfflineStatus_LastWill_MatchesGoldenJson() => AssertGolden(
        LockStatus.Offline(Fixtures.Lock),
        """{"v":1,"type":"status","lock":"dokk1-room-3","state":"offline"}""");

    private static void AssertGolden(LockMessage message, string expectedJson)
    {
        Assert.Equal(expectedJson, Encoding.UTF8.GetString(LockMessageCodec.Encode(message)));

        Assert.True(LockMessageCodec.TryDecode<LockMessage>(expectedJson, out var decoded, out var error), error?.ToString());
        Assert.IsType(message.GetType(), decoded);
        Assert.Equal(expectedJson, LockMessageCodec.EncodeToString(decoded));
    }
}

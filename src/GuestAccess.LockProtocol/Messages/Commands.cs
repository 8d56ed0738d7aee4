using System.Text.Json.Serialization;
using GuestAccess.LockProtocol.Credentials;

namespace GuestAccess.LockProtocol.Messages;

/// <summary>
/// Delta from credential-set version <see cref="FromVersion"/> to <see cref="ToVersion"/>. A lock
/// applies it only when its applied version equals FromVersion (acks without change when it is
/// already at ToVersion); otherwise it rejects with <c>version_gap</c> and the server sends a full
/// <see cref="SyncCredentials"/>.
/// </summary>
public sealed record ApplyCredentials : LockCommand
{
    public const string TypeName = "apply_credentials";

    public required long FromVersion { get; init; }

    public required long ToVersion { get; init; }

    /// <summary>PIN credentials to add or replace (by id).</summary>
    [JsonRequired]
    public IReadOnlyList<PinCredential> Upserts { get; init; } = [];

    /// <summary>Credential ids to delete.</summary>
    [JsonRequired]
    public IReadOnlyList<string> Removals { get; init; } = [];

    /// <summary>Revocation entries to add (never removed by the server; the lock prunes expired ones).</summary>
    [JsonRequired]
    public IReadOnlyList<RevocationEntry> Revocations { get; init; } = [];

    private protected override string MessageType => TypeName;

    private protected override void ValidateBody()
    {
        ProtocolViolation.Unless(FromVersion >= 0 && ToVersion > FromVersion, "toVersion must be greater than fromVersion >= 0");
        CredentialLists.Validate(Upserts, "upserts");
        CredentialLists.ValidateIds(Removals, "removals");
        CredentialLists.Validate(Revocations, "revocations");
    }
}

/// <summary>The complete desired state at <see cref="Version"/>: replaces everything the lock holds.</summary>
public sealed record SyncCredentials : LockCommand
{
    public const string TypeName = "sync_credentials";

    public required long Version { get; init; }

    /// <summary>Whether the lock is (still) in site lockdown; a sync with false lifts it.</summary>
    public required bool Lockdown { get; init; }

    [JsonRequired]
    public IReadOnlyList<PinCredential> Credentials { get; init; } = [];

    [JsonRequired]
    public IReadOnlyList<RevocationEntry> Revocations { get; init; } = [];

    private protected override string MessageType => TypeName;

    private protected override void ValidateBody()
    {
        ProtocolViolation.Unless(Version >= 1, "version must be >= 1");
        CredentialLists.Validate(Credentials, "credentials");
        CredentialLists.Validate(Revocations, "revocations");
    }
}

/// <summary>
/// The server has durably stored the events up to and including <see cref="UpTo"/> and those in
/// <see cref="Sequences"/> (stored out of order, all above UpTo): the lock may drop them.
/// </summary>
public sealed record ConfirmEvents : LockCommand
{
    public const string TypeName = "confirm_events";
    public const int MaxSequences = 1000;

    public required long UpTo { get; init; }

    [JsonRequired]
    public IReadOnlyList<long> Sequences { get; init; } = [];

    private protected override string MessageType => TypeName;

    private protected override void ValidateBody()
    {
        ProtocolViolation.Unless(UpTo >= 0, "upTo must be >= 0");
        ProtocolViolation.Unless(Sequences.Count <= MaxSequences, $"sequences holds at most {MaxSequences} numbers");
        ProtocolViolation.Unless(Sequences.All(s => s > UpTo), "every sequence must be above upTo");
    }
}

/// <summary>The server saw a gap: resend every buffered event with sequence >= <see cref="From"/>.</summary>
public sealed record ReplayEvents : LockCommand
{
    public const string TypeName = "replay_events";

    public required long From { get; init; }

    private protected override string MessageType => TypeName;

    private protected override void ValidateBody() => ProtocolViolation.Unless(From >= 1, "from must be >= 1");
}

/// <summary>Open the door once for <see cref="DurationSeconds"/> (1–60). Executed at most once.</summary>
public sealed record RemoteUnlock : LockCommand
{
    public const string TypeName = "remote_unlock";
    public const int MaxDurationSeconds = 60;

    public required int DurationSeconds { get; init; }

    /// <summary>Why (for the audit log); free text, 1–200 characters.</summary>
    public required string Reason { get; init; }

    private protected override string MessageType => TypeName;

    private protected override void ValidateBody()
    {
        ProtocolViolation.Unless(DurationSeconds is >= 1 and <= MaxDurationSeconds, $"durationSeconds must be 1-{MaxDurationSeconds}");
        WireText.RequireFreeText(Reason, "reason");
    }
}

/// <summary>
/// Site emergency: drop every credential, refuse every PIN and mobile key (reason
/// <c>lockdown</c>) and move to credential-set <see cref="Version"/> until a
/// <see cref="SyncCredentials"/> with <c>lockdown: false</c> lifts it.
/// </summary>
public sealed record Lockdown : LockCommand
{
    public const string TypeName = "lockdown";

    public required long Version { get; init; }

    public required string Reason { get; init; }

    private protected override string MessageType => TypeName;

    private protected override void ValidateBody()
    {
        ProtocolViolation.Unless(Version >= 1, "version must be >= 1");
        WireText.RequireFreeText(Reason, "reason");
    }
}

/// <summary>Publish a fresh retained status now.</summary>
public sealed record RequestStatus : LockCommand
{
    public const string TypeName = "request_status";

    private protected override string MessageType => TypeName;

    private protected override void ValidateBody()
    {
    }
}

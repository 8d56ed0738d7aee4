using GuestAccess.LockProtocol.Messages;
using GuestAccess.LockProtocol.Signing;
using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Locks;

/// <summary>Section <c>Locks</c>: how the server talks to its lock controllers.</summary>
public sealed class LockFleetOptions
{
    public const string Section = "Locks";

    /// <summary>How long a lock has to answer a command (and a staged change to reach an offline lock) before the door is marked failed.</summary>
    public TimeSpan AckTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>expiresAt − issuedAt of credential commands (at most 1 hour).</summary>
    public TimeSpan CommandLifetime { get; set; } = CommandSigner.DefaultLifetime;

    /// <summary>A remote unlock not delivered within this time is dropped (it is never sent late).</summary>
    public TimeSpan RemoteUnlockTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>First retry after a timeout; doubles per attempt up to <see cref="RetryMaxDelay"/>. A lock coming online is retried at once.</summary>
    public TimeSpan RetryMinDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The <c>iss</c> of mobile keys, written into provisioning bundles.</summary>
    public string MobileKeyIssuer { get; set; } = "guestaccess";

    /// <summary>Development with the embedded broker: provision every seeded lock and write {DataDirectory}/simulator/provisioning.json.</summary>
    public bool DevProvisioningBundle { get; set; } = true;

    /// <summary>How long completed outbox rows are kept (for the lock's history), then pruned.</summary>
    public TimeSpan OutboxRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>A gap in a lock's event sequence is asked for again (replay_events) at most this often.</summary>
    public TimeSpan ReplayInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// At most one confirm_events per lock this often: the first stored batch is confirmed at
    /// once, later ones within the interval together at its end (one signature, one verification
    /// and one ack for many events; the lock keeps stored events up to that much longer).
    /// </summary>
    /// <remarks>
    /// Every confirmation costs a signature and the ack's handling here, a verification and two
    /// state writes at the lock. 5 s instead of 1 s, rush at 2,000 locks and 2,000 entries/s:
    /// server CPU -17%, simulator -29% (docs/benchmarks.md).
    /// </remarks>
    public TimeSpan ConfirmInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A committed change hands the dispatcher what it wrote at each lock, and a lock that holds the
    /// version the change started from gets its command without the dispatcher reading it back
    /// (docs/lock-protocol.md 15.3, "Direct deltas"). Off: every command is planned from the database.
    /// </summary>
    public bool DirectDeltas { get; set; } = true;

    /// <summary>Tests and diagnosis: also plan every directly sent command from the database and log (4026) any difference.</summary>
    public bool VerifyDirectDeltas { get; set; }
}

internal sealed class LockFleetOptionsValidator : IValidateOptions<LockFleetOptions>
{
    public ValidateOptionsResult Validate(string? name, LockFleetOptions options)
    {
        var errors = new List<string>();
        if (options.AckTimeout < TimeSpan.FromMilliseconds(100) || options.AckTimeout > TimeSpan.FromHours(1))
        {
            errors.Add("Locks:AckTimeout must be 100 ms to 1 hour.");
        }

        if (options.CommandLifetime < TimeSpan.FromSeconds(10) || options.CommandLifetime > CommandSigner.MaxLifetime)
        {
            errors.Add("Locks:CommandLifetime must be 10 seconds to 1 hour.");
        }

        if (options.RemoteUnlockTimeout < TimeSpan.FromSeconds(1) || options.RemoteUnlockTimeout > TimeSpan.FromMinutes(10))
        {
            errors.Add("Locks:RemoteUnlockTimeout must be 1 second to 10 minutes.");
        }

        if (options.RetryMinDelay <= TimeSpan.Zero || options.RetryMaxDelay < options.RetryMinDelay)
        {
            errors.Add("Locks:RetryMinDelay must be positive and at most Locks:RetryMaxDelay.");
        }

        if (!WireText.IsIdentifier(options.MobileKeyIssuer))
        {
            errors.Add("Locks:MobileKeyIssuer is 1-64 characters of A-Z, a-z, 0-9, '.', '_', ':' and '-'.");
        }

        if (options.OutboxRetention < TimeSpan.Zero || options.ReplayInterval <= TimeSpan.Zero)
        {
            errors.Add("Locks:OutboxRetention and Locks:ReplayInterval must be positive.");
        }

        if (options.ConfirmInterval < TimeSpan.FromMilliseconds(10) || options.ConfirmInterval > TimeSpan.FromMinutes(1))
        {
            errors.Add("Locks:ConfirmInterval is 10 ms to 1 minute.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

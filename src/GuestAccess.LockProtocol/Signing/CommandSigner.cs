using GuestAccess.LockProtocol.Messages;

namespace GuestAccess.LockProtocol.Signing;

/// <summary>
/// Server side: stamps a command with the next counter, issuedAt = now (whole seconds) and
/// expiresAt = now + lifetime, then signs its JSON as a compact JWS with typ <c>ga-cmd+jws</c>.
/// </summary>
public sealed class CommandSigner(SigningKey key, ICommandCounterSource counters, TimeProvider? timeProvider = null)
{
    /// <summary>The JWS <c>typ</c> of commands.</summary>
    public const string TokenType = "ga-cmd+jws";

    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromMinutes(5);

    /// <summary>The longest lifetime a lock accepts by default; the signer never exceeds it.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromHours(1);

    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    public string KeyId => key.KeyId;

    /// <summary>Signs <paramref name="command"/>; its own counter and times are replaced. Throws <see cref="ArgumentException"/> if it is invalid.</summary>
    public SignedCommand Sign(LockCommand command, TimeSpan? lifetime = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        var span = lifetime ?? DefaultLifetime;
        if (span < TimeSpan.FromSeconds(1) || span > MaxLifetime)
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), "A command lives from 1 second to 1 hour.");
        }

        var now = DateTimeOffset.FromUnixTimeSeconds(_time.GetUtcNow().ToUnixTimeSeconds());
        var stamped = command with
        {
            Counter = counters.Next(command.Lock),
            IssuedAt = now,
            ExpiresAt = now + TimeSpan.FromSeconds(Math.Floor(span.TotalSeconds)),
        };
        var token = CompactJws.Sign(key, TokenType, LockMessageCodec.Encode(stamped));
        return new SignedCommand(stamped, token);
    }
}

namespace GuestAccess.LockProtocol.Signing;

public sealed record CommandVerifierOptions
{
    /// <summary>How far the lock clock may be off from the server's: applied to issuedAt and expiresAt.</summary>
    public TimeSpan ClockSkewAllowance { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The longest expiresAt − issuedAt accepted.</summary>
    public TimeSpan MaxLifetime { get; init; } = CommandSigner.MaxLifetime;

    /// <summary>The longest token accepted, in characters.</summary>
    public int MaxTokenLength { get; init; } = 1024 * 1024;
}

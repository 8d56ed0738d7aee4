using GuestAccess.LockProtocol.Messages;

namespace GuestAccess.LockProtocol.Credentials;

/// <summary>What a lock holds to decide entries offline (persist it; it is immutable).</summary>
public sealed record LockCredentialState
{
    public IReadOnlyList<PinCredential> Pins { get; init; } = [];

    public IReadOnlyList<RevocationEntry> Revocations { get; init; } = [];

    public bool Lockdown { get; init; }

    public KeypadLockout Keypad { get; init; } = KeypadLockout.Initial;
}

/// <summary>The verdict on one entry attempt, plus the keypad state to persist afterwards.</summary>
public sealed record EntryDecision(
    EntryMethod Method,
    EntryOutcome Outcome,
    DenialReason? Reason,
    string? CredentialId,
    string? GrantId,
    KeypadLockout Keypad)
{
    public bool IsGranted => Outcome == EntryOutcome.Granted;

    /// <summary>The <c>entry_attempt</c> event to buffer and publish.</summary>
    public LockEvent ToEvent(long sequence, DateTimeOffset at, string door) => new()
    {
        Sequence = sequence,
        At = at,
        Door = door,
        Kind = EventKind.EntryAttempt,
        Outcome = Outcome,
        Method = Method,
        Reason = Reason,
        CredentialId = CredentialId,
        GrantId = GrantId,
    };
}

/// <summary>
/// The lock's offline entry rules, in the order docs/lock-protocol.md gives them.
/// PIN: lockdown → keypad locked out → no stored PIN matches (wrong_pin, counts toward lockout)
/// → revoked → validity window → schedule → granted (clears the failures).
/// Mobile key: signature, form, issuer, door (<see cref="MobileKeyVerifier"/>) → lockdown →
/// revoked → validity window → schedule → granted.
/// </summary>
public sealed class EntryEvaluator(MobileKeyVerifier mobileKeys, KeypadLockoutPolicy? lockoutPolicy = null, TimeZoneInfo? zone = null)
{
    private readonly KeypadLockoutPolicy _policy = lockoutPolicy ?? KeypadLockoutPolicy.Default;

    public EntryDecision EvaluatePin(string typedPin, LockCredentialState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Lockdown)
        {
            return Deny(EntryMethod.Pin, DenialReason.Lockdown, null, state.Keypad);
        }

        if (state.Keypad.IsLockedOut(now))
        {
            return Deny(EntryMethod.Pin, DenialReason.LockedOut, null, state.Keypad);
        }

        var matches = PinHasher.FindMatches(state.Pins, typedPin ?? string.Empty);
        if (matches.Count == 0)
        {
            return Deny(EntryMethod.Pin, DenialReason.WrongPin, null, state.Keypad.WithFailure(now, _policy));
        }

        (PinCredential Credential, DenialReason? Reason)? first = null;
        foreach (var credential in matches)
        {
            var reason = Check(credential.CredentialId, credential.Validity, state, now);
            if (reason is null)
            {
                return new EntryDecision(EntryMethod.Pin, EntryOutcome.Granted, null, credential.CredentialId, credential.GrantId, state.Keypad.WithSuccess());
            }

            first ??= (credential, reason);
        }

        return Deny(EntryMethod.Pin, first!.Value.Reason, first.Value.Credential.CredentialId, state.Keypad, first.Value.Credential.GrantId);
    }

    public EntryDecision EvaluateMobileKey(string token, LockCredentialState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        var verification = mobileKeys.Verify(token ?? string.Empty);
        if (verification.Claims is not { } claims)
        {
            return Deny(EntryMethod.MobileKey, verification.Denial ?? DenialReason.InvalidCredential, null, state.Keypad);
        }

        var reason = verification.Denial
            ?? (state.Lockdown ? DenialReason.Lockdown : Check(claims.CredentialId, claims.Validity, state, now));
        return reason is null
            ? new EntryDecision(EntryMethod.MobileKey, EntryOutcome.Granted, null, claims.CredentialId, claims.GrantId, state.Keypad)
            : Deny(EntryMethod.MobileKey, reason, claims.CredentialId, state.Keypad, claims.GrantId);
    }

    private DenialReason? Check(string credentialId, CredentialValidity validity, LockCredentialState state, DateTimeOffset now) =>
        CredentialEvaluation.IsRevoked(state.Revocations, credentialId, now)
            ? DenialReason.Revoked
            : CredentialEvaluation.Evaluate(validity, now, zone);

    private static EntryDecision Deny(EntryMethod method, DenialReason? reason, string? credentialId, KeypadLockout keypad, string? grantId = null) =>
        new(method, EntryOutcome.Denied, reason, credentialId, grantId, keypad);
}

using GuestAccess.LockProtocol.Credentials;
using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Grants;

/// <summary>Section <c>Keys</c>: how keys are issued, expire and how long guests' personal data is kept.</summary>
public sealed class KeyOptions
{
    public const string Section = "Keys";

    /// <summary>
    /// Digits of a generated PIN. With eight (10^8 PINs), five guesses before the keypad locks out,
    /// at a door with 300 active PINs, hit one with a chance of about 1 in 67,000; it is also the
    /// length Dokk1's guests already know from version 1.
    /// </summary>
    public int PinLength { get; set; } = PinGenerator.DefaultLength;

    /// <summary>Most doors one grant opens (a mobile key lists at most 16 locks).</summary>
    public int MaxDoorsPerGrant { get; set; } = MobileKeyClaims.MaxLocks;

    /// <summary>Longest validity of a caretaker's grant.</summary>
    public TimeSpan MaxGrantDuration { get; set; } = TimeSpan.FromDays(366);

    /// <summary>A guest's name and contact details are deleted this long after their last access ended.</summary>
    public TimeSpan AnonymiseGuestsAfter { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often the lifecycle service expires ended grants and anonymises guests.</summary>
    public TimeSpan LifecycleInterval { get; set; } = TimeSpan.FromMinutes(1);
}

internal sealed class KeyOptionsValidator : IValidateOptions<KeyOptions>
{
    public ValidateOptionsResult Validate(string? name, KeyOptions o)
    {
        var errors = new List<string>();
        if (o.PinLength is < PinGenerator.MinGeneratedLength or > PinHasher.MaxPinLength)
        {
            errors.Add($"Keys:PinLength must be {PinGenerator.MinGeneratedLength}-{PinHasher.MaxPinLength}.");
        }

        if (o.MaxDoorsPerGrant is < 1 or > MobileKeyClaims.MaxLocks)
        {
            errors.Add($"Keys:MaxDoorsPerGrant must be 1-{MobileKeyClaims.MaxLocks} (a mobile key lists at most {MobileKeyClaims.MaxLocks} locks).");
        }

        if (o.MaxGrantDuration < TimeSpan.FromHours(1) || o.MaxGrantDuration > TimeSpan.FromDays(3660))
        {
            errors.Add("Keys:MaxGrantDuration must be 1 hour to 10 years.");
        }

        if (o.AnonymiseGuestsAfter < TimeSpan.Zero || o.AnonymiseGuestsAfter > TimeSpan.FromDays(3660))
        {
            errors.Add("Keys:AnonymiseGuestsAfter must be 0 to 3660 days.");
        }

        if (o.LifecycleInterval < TimeSpan.FromMilliseconds(50) || o.LifecycleInterval > TimeSpan.FromHours(1))
        {
            errors.Add("Keys:LifecycleInterval must be 50 ms to 1 hour.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

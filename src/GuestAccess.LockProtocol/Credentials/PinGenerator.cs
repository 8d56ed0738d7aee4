using System.Security.Cryptography;

namespace GuestAccess.LockProtocol.Credentials;

/// <summary>
/// Server side: random PINs from the operating system's CSPRNG, never a trivially guessable one
/// (see <see cref="IsWeak"/>). Uniqueness among the PINs active on one lock is the caller's job:
/// check a candidate with <see cref="PinHasher.FindMatches"/> against that lock's set and draw again.
/// </summary>
public static class PinGenerator
{
    public const int DefaultLength = 8;
    public const int MinGeneratedLength = 6;

    public static string Generate(int length = DefaultLength)
    {
        if (length is < MinGeneratedLength or > PinHasher.MaxPinLength)
        {
            throw new ArgumentOutOfRangeException(nameof(length), $"Generated PINs have {MinGeneratedLength}-{PinHasher.MaxPinLength} digits.");
        }

        Span<char> digits = stackalloc char[length];
        while (true)
        {
            for (var i = 0; i < length; i++)
            {
                digits[i] = (char)('0' + RandomNumberGenerator.GetInt32(10));
            }

            var pin = new string(digits);
            if (!IsWeak(pin))
            {
                return pin;
            }
        }
    }

    /// <summary>
    /// Weak: one digit repeated (00000000), a run up or down with wrap-around (12345678, 87654321,
    /// 78901234), a repeated block (12121212, 123123, 19841984), or at most two distinct digits
    /// (11112222, 10101101).
    /// </summary>
    public static bool IsWeak(string pin)
    {
        ArgumentNullException.ThrowIfNull(pin);
        if (!PinHasher.IsWellFormed(pin))
        {
            return true;
        }

        return IsRun(pin, +1) || IsRun(pin, -1) || IsRepeatedBlock(pin) || pin.Distinct().Count() <= 2;
    }

    private static bool IsRun(string pin, int step)
    {
        for (var i = 1; i < pin.Length; i++)
        {
            if ((pin[i - 1] - '0' + step + 10) % 10 != pin[i] - '0')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsRepeatedBlock(string pin)
    {
        for (var block = 1; block <= pin.Length / 2; block++)
        {
            if (pin.Length % block != 0)
            {
                continue;
            }

            var repeats = true;
            for (var i = block; i < pin.Length && repeats; i++)
            {
                repeats = pin[i] == pin[i - block];
            }

            if (repeats)
            {
                return true;
            }
        }

        return false;
    }
}

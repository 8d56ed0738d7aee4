using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;

namespace GuestAccess.Server.Identity.Accounts;

/// <summary>
/// Authenticator-app codes (RFC 6238: HMAC-SHA-1, 30 s steps, 6 digits) that work once. A code
/// is accepted from two steps before to two steps after the server's clock, like ASP.NET Core's
/// own provider, but the step of the last accepted code is remembered per user and a code of that
/// step or an earlier one is refused: a code seen over a shoulder or captured by a phishing proxy
/// cannot be used a second time (RFC 6238 §5.2). Two requests racing with the same code both read
/// the old step; the user's concurrency stamp lets only one of them store the new one.
/// </summary>
public sealed class OneTimeCodeProvider(TimeProvider clock) : IUserTwoFactorTokenProvider<GuestAccessUser>
{
    public const string LoginProvider = "[GuestAccess]";
    public const string LastStepName = "AuthenticatorLastStep";

    private const int StepSeconds = 30;
    private const int Window = 2;

    public Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<GuestAccessUser> manager, GuestAccessUser user) =>
        Task.FromResult(false);

    // The authenticator app generates codes, the server never does.
    public Task<string> GenerateAsync(string purpose, UserManager<GuestAccessUser> manager, GuestAccessUser user) =>
        Task.FromResult(string.Empty);

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<GuestAccessUser> manager, GuestAccessUser user)
    {
        if (token.Length != 6 || !int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var code)
            || await manager.GetAuthenticatorKeyAsync(user) is not { Length: > 0 } base32 || Base32.Decode(base32) is not { } key)
        {
            return false;
        }

        var now = clock.GetUtcNow().ToUnixTimeSeconds() / StepSeconds;
        var last = long.TryParse(await manager.GetAuthenticationTokenAsync(user, LoginProvider, LastStepName), NumberStyles.None, CultureInfo.InvariantCulture, out var stored) ? stored : long.MinValue;
        for (var step = now - Window; step <= now + Window; step++)
        {
            if (step > last && Compute(key, step) == code)
            {
                var saved = await manager.SetAuthenticationTokenAsync(user, LoginProvider, LastStepName, step.ToString(CultureInfo.InvariantCulture));
                return saved.Succeeded;
            }
        }

        return false;
    }

    /// <summary>The code of one time step.</summary>
    public static int Compute(byte[] key, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        Span<byte> hash = stackalloc byte[HMACSHA1.HashSizeInBytes];
        HMACSHA1.HashData(key, counter, hash);
        var offset = hash[^1] & 0x0F;
        return (BinaryPrimitives.ReadInt32BigEndian(hash[offset..]) & 0x7FFF_FFFF) % 1_000_000;
    }

    /// <summary>RFC 4648 base 32, as authenticator keys are written (no padding, any case).</summary>
    public static class Base32
    {
        private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

        public static byte[]? Decode(string text)
        {
            var bytes = new List<byte>(text.Length * 5 / 8);
            int buffer = 0, bits = 0;
            foreach (var c in text.TrimEnd('='))
            {
                var value = Alphabet.IndexOf(char.ToUpperInvariant(c), StringComparison.Ordinal);
                if (value < 0)
                {
                    return null;
                }

                buffer = (buffer << 5) | value;
                bits += 5;
                if (bits >= 8)
                {
                    bits -= 8;
                    bytes.Add((byte)(buffer >> bits));
                    buffer &= (1 << bits) - 1;
                }
            }

            return bytes.ToArray();
        }
    }
}

using System.Text.Json;
using GuestAccess.LockProtocol.Messages;
using GuestAccess.LockProtocol.Serialization;
using GuestAccess.LockProtocol.Signing;
using GuestAccess.LockProtocol.Topics;

namespace GuestAccess.LockProtocol.Credentials;

/// <summary>Server side: signs mobile keys (ES256, typ <c>ga-key+jwt</c>).</summary>
public sealed class MobileKeyIssuer(SigningKey key)
{
    public const string TokenType = "ga-key+jwt";

    /// <summary>The compact token to put in a QR code. Throws <see cref="ArgumentException"/> for invalid claims.</summary>
    public string Issue(MobileKeyClaims claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        try
        {
            claims.Validate();
        }
        catch (ProtocolViolation violation)
        {
            throw new ArgumentException($"Invalid mobile key: {violation.Message}.", nameof(claims));
        }

        return CompactJws.Sign(key, TokenType, JsonSerializer.SerializeToUtf8Bytes(claims, ProtocolJson.Context.MobileKeyClaims));
    }
}

/// <summary>The result of checking a presented mobile key's signature, form, issuer and door.</summary>
public sealed record MobileKeyVerification(MobileKeyClaims? Claims, DenialReason? Denial)
{
    public bool IsValid => Denial is null && Claims is not null;
}

/// <summary>
/// Lock side: checks a presented mobile key offline with the trusted public keys alone:
/// well-formed ES256 JWS with typ ga-key+jwt (else invalid_credential), trusted kid (else
/// unknown_credential), signature and claims (else invalid_credential), expected issuer (else
/// invalid_credential), this lock listed (else wrong_door). Time windows and revocations are
/// checked after this, by <see cref="EntryEvaluator"/> or the caller.
/// </summary>
public sealed class MobileKeyVerifier(TrustedKeySet trustedKeys, LockId lockId, string issuer)
{
    public const int MaxTokenLength = 4096;

    public MobileKeyVerification Verify(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (!CompactJws.TryParse(token, MaxTokenLength, out var jws)
            || jws.Header.Alg != CompactJws.Algorithm
            || jws.Header.Typ != MobileKeyIssuer.TokenType)
        {
            return new MobileKeyVerification(null, DenialReason.InvalidCredential);
        }

        if (!trustedKeys.Contains(jws.Header.Kid))
        {
            return new MobileKeyVerification(null, DenialReason.UnknownCredential);
        }

        if (!trustedKeys.Verify(jws.Header.Kid, jws.SigningInput, jws.Signature) || !TryReadClaims(jws.Payload, out var claims)
            || !string.Equals(claims.Issuer, issuer, StringComparison.Ordinal))
        {
            return new MobileKeyVerification(null, DenialReason.InvalidCredential);
        }

        return claims.Locks.Contains(lockId)
            ? new MobileKeyVerification(claims, null)
            : new MobileKeyVerification(claims, DenialReason.WrongDoor);
    }

    private static bool TryReadClaims(byte[] payload, out MobileKeyClaims claims)
    {
        claims = null!;
        try
        {
            if (!System.Text.Unicode.Utf8.IsValid(payload))
            {
                return false;
            }

            var read = JsonSerializer.Deserialize(payload, ProtocolJson.Context.MobileKeyClaims);
            if (read is null)
            {
                return false;
            }

            read.Validate();
            claims = read;
            return true;
        }
        catch (Exception ex) when (ex is JsonException or ProtocolViolation)
        {
            return false;
        }
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using GuestAccess.LockProtocol.Messages;
using GuestAccess.LockProtocol.Topics;

namespace GuestAccess.LockProtocol.Signing;

/// <summary>
/// Lock side: decides whether a command token may be carried out. A pipeline of checks, each
/// with its reason code, in this order: structure (malformed) → alg is ES256
/// (unsupported_algorithm) → typ (malformed) → kid is trusted (unknown_key) → signature
/// (bad_signature) → payload version/type/contract (unsupported_version, unsupported_type,
/// malformed) → addressed to this lock (wrong_lock) → counter above the last accepted
/// (replayed_counter; the last command itself is a Duplicate) → issuedAt not beyond now + skew
/// (not_yet_valid) → expiresAt not before now − skew (expired) → lifetime (lifetime_too_long).
/// Stateless: the caller passes the last accepted counter and persists the new one.
/// </summary>
public sealed class CommandVerifier(TrustedKeySet trustedKeys, LockId lockId, CommandVerifierOptions? options = null)
{
    private readonly CommandVerifierOptions _options = options ?? new CommandVerifierOptions();

    public LockId LockId => lockId;

    public CommandVerification Verify(ReadOnlySpan<byte> payload, DateTimeOffset now, CommandCounterState last)
    {
        if (payload.Length > _options.MaxTokenLength)
        {
            return Reject(CommandRejectReason.Malformed, "the command token is too long");
        }

        foreach (var b in payload)
        {
            if (b > 0x7F)
            {
                return Reject(CommandRejectReason.Malformed, "a command token is ASCII");
            }
        }

        return Verify(Encoding.ASCII.GetString(payload), now, last);
    }

    public CommandVerification Verify(string token, DateTimeOffset now, CommandCounterState last)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (!CompactJws.TryParse(token, _options.MaxTokenLength, out var jws))
        {
            return Reject(CommandRejectReason.Malformed, "not a compact JWS with a valid protected header");
        }

        var commandId = PeekCommandId(jws.Payload);
        if (jws.Header.Alg != CompactJws.Algorithm)
        {
            return Reject(CommandRejectReason.UnsupportedAlgorithm, "only ES256 is accepted", commandId);
        }

        if (jws.Header.Typ != CommandSigner.TokenType)
        {
            return Reject(CommandRejectReason.Malformed, $"typ must be {CommandSigner.TokenType}", commandId);
        }

        if (!trustedKeys.Contains(jws.Header.Kid))
        {
            return Reject(CommandRejectReason.UnknownKey, "the signing key id is not trusted", commandId);
        }

        if (!trustedKeys.Verify(jws.Header.Kid, jws.SigningInput, jws.Signature))
        {
            return Reject(CommandRejectReason.BadSignature, "the signature does not verify", commandId);
        }

        if (!LockMessageCodec.TryDecode<LockCommand>(jws.Payload, out var command, out var error))
        {
            return Reject(ReasonFor(error.Code), error.Message, commandId);
        }

        return CheckSemantics(command, now, last);
    }

    private CommandVerification CheckSemantics(LockCommand command, DateTimeOffset now, CommandCounterState last)
    {
        var id = command.CommandId;
        var skew = command.IssuedAt - now;
        if (command.Lock != lockId)
        {
            return Reject(CommandRejectReason.WrongLock, "the command is addressed to another lock", id, skew);
        }

        if (command.Counter == last.LastCounter && string.Equals(id, last.LastCommandId, StringComparison.Ordinal))
        {
            return new CommandVerification { Status = CommandVerificationStatus.Duplicate, Command = command, CommandId = id, ClockSkew = skew };
        }

        if (command.Counter <= last.LastCounter)
        {
            var text = string.Create(CultureInfo.InvariantCulture, $"counter {command.Counter} is not above the last accepted {last.LastCounter}");
            return Reject(CommandRejectReason.ReplayedCounter, text, id, skew);
        }

        if (command.IssuedAt > now + _options.ClockSkewAllowance)
        {
            return Reject(CommandRejectReason.NotYetValid, "issuedAt is later than the lock clock allows", id, skew);
        }

        if (command.ExpiresAt < now - _options.ClockSkewAllowance)
        {
            return Reject(CommandRejectReason.Expired, "the command has expired", id, skew);
        }

        if (command.ExpiresAt - command.IssuedAt > _options.MaxLifetime)
        {
            return Reject(CommandRejectReason.LifetimeTooLong, "expiresAt is too far after issuedAt", id, skew);
        }

        return new CommandVerification { Status = CommandVerificationStatus.Accepted, Command = command, CommandId = id, ClockSkew = skew };
    }

    private static CommandRejectReason ReasonFor(ProtocolErrorCode code) => code switch
    {
        ProtocolErrorCode.UnsupportedVersion => CommandRejectReason.UnsupportedVersion,
        ProtocolErrorCode.UnsupportedType => CommandRejectReason.UnsupportedType,
        _ => CommandRejectReason.Malformed,
    };

    private static CommandVerification Reject(CommandRejectReason reason, string detail, string? commandId = null, TimeSpan? skew = null) =>
        new() { Status = CommandVerificationStatus.Rejected, Reason = reason, Detail = detail, CommandId = commandId, ClockSkew = skew };

    /// <summary>Best effort: the top-level "id" of a payload, if it is a harmless identifier.</summary>
    private static string? PeekCommandId(byte[] payload)
    {
        if (!Utf8.IsValid(payload))
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(payload, new JsonReaderOptions { MaxDepth = 16 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isId = reader.ValueTextEquals("id"u8);
                reader.Read();
                if (isId && reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length <= WireText.MaxIdentifierLength)
                {
                    var id = reader.GetString();
                    return WireText.IsIdentifier(id) ? id : null;
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return null;
    }
}

using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using GuestAccess.LockProtocol.Messages;
using GuestAccess.LockProtocol.Serialization;

namespace GuestAccess.LockProtocol.Signing;

/// <summary>
/// JWS compact serialization (RFC 7515 §7.1) with ES256 only:
/// <c>BASE64URL(header) "." BASE64URL(payload) "." BASE64URL(R || S)</c>, where the header is
/// exactly <c>{"alg":"ES256","kid":"…","typ":"…"}</c> and the signature covers the ASCII bytes of
/// <c>BASE64URL(header) "." BASE64URL(payload)</c>.
/// </summary>
internal static class CompactJws
{
    public const string Algorithm = "ES256";

    public static string Sign(SigningKey key, string typ, ReadOnlySpan<byte> payload)
    {
        var header = $$"""{"alg":"{{Algorithm}}","kid":"{{key.KeyId}}","typ":"{{typ}}"}""";
        var signingInput = WireBase64.Encode(Encoding.ASCII.GetBytes(header)) + "." + WireBase64.Encode(payload);
        return signingInput + "." + WireBase64.Encode(key.Sign(Encoding.ASCII.GetBytes(signingInput)));
    }

    /// <summary>Splits and decodes a token; says nothing yet about its signature (which may be empty, as with alg none).</summary>
    public static bool TryParse(string token, int maxLength, [NotNullWhen(true)] out JwsParts? parts)
    {
        parts = null;
        if (token.Length > maxLength)
        {
            return false;
        }

        var first = token.IndexOf('.', StringComparison.Ordinal);
        var last = token.LastIndexOf('.');
        if (first <= 0 || last == first)
        {
            return false;
        }

        var span = token.AsSpan();
        if (!WireBase64.TryDecode(span[..first], out var headerBytes)
            || !WireBase64.TryDecode(span[(first + 1)..last], out var payload)
            || !WireBase64.TryDecode(span[(last + 1)..], out var signature)
            || !JwsHeader.TryParse(headerBytes, out var header))
        {
            return false;
        }

        parts = new JwsParts(header, payload, signature, Encoding.ASCII.GetBytes(token[..last]));
        return true;
    }
}

internal sealed record JwsParts(JwsHeader Header, byte[] Payload, byte[] Signature, byte[] SigningInput);

/// <summary>The protected header: exactly the string members alg, kid and typ (no crit, jku, jwk, x5u…).</summary>
internal sealed record JwsHeader(string Alg, string Kid, string Typ)
{
    public static bool TryParse(ReadOnlySpan<byte> json, [NotNullWhen(true)] out JwsHeader? header)
    {
        header = null;
        string? alg = null, kid = null, typ = null;
        if (!Utf8.IsValid(json))
        {
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 2 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                if (!reader.Read() || reader.TokenType != JsonTokenType.String || reader.ValueSpan.Length > 128)
                {
                    return false;
                }

                var value = reader.GetString();
                switch (name)
                {
                    case "alg" when alg is null: alg = value; break;
                    case "kid" when kid is null: kid = value; break;
                    case "typ" when typ is null: typ = value; break;
                    default: return false;
                }
            }

            if (reader.Read())
            {
                return false;
            }
        }
        catch (JsonException)
        {
            return false;
        }

        if (alg is null || kid is null || typ is null || !WireText.IsIdentifier(kid))
        {
            return false;
        }

        header = new JwsHeader(alg, kid, typ);
        return true;
    }
}

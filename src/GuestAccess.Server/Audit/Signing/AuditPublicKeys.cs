using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GuestAccess.LockProtocol.Signing;

namespace GuestAccess.Server.Audit.Signing;

/// <summary>Public checkpoint keys as JWKs (RFC 7517) and JWK sets: what an auditor verifies with.</summary>
public static class AuditPublicKeys
{
    public static EcPublicJwk ToJwk(string keyId, ECDsa key)
    {
        var q = key.ExportParameters(includePrivateParameters: false).Q;
        return EcPublicJwk.Parse(
            $$"""{"kty":"EC","crv":"P-256","x":"{{Base64Url(q.X!)}}","y":"{{Base64Url(q.Y!)}}","kid":"{{keyId}}","alg":"ES256","use":"sig"}""");
    }

    public static string ToJwks(IEnumerable<EcPublicJwk> keys) =>
        new StringBuilder("{\"keys\":[").AppendJoin(',', keys.Select(k => k.ToJson())).Append("]}").ToString();

    /// <summary>Reads a JWKS (<c>{"keys":[…]}</c>) or a single JWK.</summary>
    /// <exception cref="FormatException">Not a set of ES256 P-256 public keys.</exception>
    public static IReadOnlyList<EcPublicJwk> Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("keys", out var keys) && keys.ValueKind == JsonValueKind.Array)
            {
                return keys.EnumerateArray().Select(k => EcPublicJwk.Parse(k.GetRawText())).ToArray();
            }

            return [EcPublicJwk.Parse(root.GetRawText())];
        }
        catch (JsonException e)
        {
            throw new FormatException("Not a JSON Web Key or key set.", e);
        }
    }

    public static IReadOnlyList<EcPublicJwk> Read(string file) => Parse(File.ReadAllText(file));

    private static string Base64Url(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);
}

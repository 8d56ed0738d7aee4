using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GuestAccess.LockProtocol.Signing;

namespace GuestAccess.Server.Audit.Checkpoints;

/// <summary>What a checkpoint states: the log had <paramref name="RecordCount"/> records, the last being <paramref name="Sequence"/> with hash <paramref name="HeadHash"/>.</summary>
public sealed record CheckpointClaims(long Sequence, long RecordCount, byte[] HeadHash, DateTimeOffset CreatedAt)
{
    public string HeadHex => Convert.ToHexStringLower(HeadHash);
}

/// <summary>
/// A checkpoint as a JWS compact token (RFC 7515), ES256, verifiable with any JOSE library:
/// header <c>{"alg":"ES256","kid":"…","typ":"guestaccess-audit-checkpoint"}</c>, payload
/// <c>{"v":1,"seq":…,"count":…,"head":"&lt;64 hex&gt;","at":"2026-11-21T17:09:14.123456Z"}</c>.
/// </summary>
public static class CheckpointToken
{
    public const string Type = "guestaccess-audit-checkpoint";
    private const int MaxLength = 2000;

    internal static string Sign(CheckpointClaims claims, string keyId, ECDsa key)
    {
        var header = $$"""{"alg":"ES256","kid":"{{keyId}}","typ":"{{Type}}"}""";
        var at = claims.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
        var payload = $$"""{"v":1,"seq":{{claims.Sequence}},"count":{{claims.RecordCount}},"head":"{{claims.HeadHex}}","at":"{{at}}"}""";
        var input = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header)) + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload));
        var signature = key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return input + "." + Base64Url.EncodeToString(signature);
    }

    /// <summary>Verifies the signature with one of <paramref name="keys"/> and reads the claims; null with a reason when it fails.</summary>
    public static CheckpointClaims? Verify(string token, IReadOnlyList<EcPublicJwk> keys, out string? failure)
    {
        failure = null;
        var parts = token.Length <= MaxLength ? token.Split('.') : [];
        if (parts.Length != 3 || !TryDecode(parts[0], out var headerBytes) || !TryDecode(parts[1], out var payloadBytes) || !TryDecode(parts[2], out var signature))
        {
            failure = "not a JWS compact token";
            return null;
        }

        string? alg, kid, typ;
        try
        {
            using var header = JsonDocument.Parse(headerBytes);
            alg = Member(header.RootElement, "alg");
            kid = Member(header.RootElement, "kid");
            typ = Member(header.RootElement, "typ");
        }
        catch (JsonException)
        {
            failure = "the header is not JSON";
            return null;
        }

        if (alg != "ES256" || typ != Type)
        {
            failure = $"not an ES256 {Type}";
            return null;
        }

        var key = keys.FirstOrDefault(k => k.KeyId == kid);
        if (key is null)
        {
            failure = $"signed with key '{kid}', which is not among the public keys given";
            return null;
        }

        using (var verifier = key.CreateVerifier())
        {
            var input = Encoding.ASCII.GetBytes(token[..token.LastIndexOf('.')]);
            if (!verifier.VerifyData(input, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
            {
                failure = $"the signature does not verify with key '{kid}'";
                return null;
            }
        }

        var claims = ReadClaims(payloadBytes);
        failure = claims is null ? "the signed payload is not a version 1 checkpoint" : null;
        return claims;
    }

    private static CheckpointClaims? ReadClaims(byte[] payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            if (root.GetProperty("v").GetInt32() != 1)
            {
                return null;
            }

            var head = Convert.FromHexString(root.GetProperty("head").GetString()!);
            var at = DateTimeOffset.ParseExact(root.GetProperty("at").GetString()!, "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            var claims = new CheckpointClaims(root.GetProperty("seq").GetInt64(), root.GetProperty("count").GetInt64(), head, at);
            return head.Length == 32 && claims.Sequence >= 1 && claims.RecordCount >= 1 ? claims : null;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private static string? Member(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool TryDecode(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length == 0 || !Base64Url.IsValid(text))
        {
            return false;
        }

        bytes = Base64Url.DecodeFromChars(text);
        return true;
    }
}

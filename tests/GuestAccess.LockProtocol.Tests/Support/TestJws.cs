using System.Security.Cryptography;
using System.Text;

namespace GuestAccess.LockProtocol.Tests.Support;

/// <summary>
/// Builds compact JWS tokens straight from ECDsa, independent of the library's signer, so tests
/// can forge exactly the token they need (other alg, other kid, any payload, any times).
/// </summary>
internal static class TestJws
{
    public static string Sign(string payloadJson, string pem = Fixtures.ServerKeyPem, string kid = Fixtures.ServerKeyId, string alg = "ES256", string typ = "ga-cmd+jws")
    {
        var header = $$"""{"alg":"{{alg}}","kid":"{{kid}}","typ":"{{typ}}"}""";
        return SignRaw(header, payloadJson, pem);
    }

    public static string SignRaw(string headerJson, string payloadJson, string pem = Fixtures.ServerKeyPem)
    {
        var input = B64(Encoding.UTF8.GetBytes(headerJson)) + "." + B64(Encoding.UTF8.GetBytes(payloadJson));
        using var key = ECDsa.Create();
        key.ImportFromPem(pem);
        var signature = key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return input + "." + B64(signature);
    }

    public static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>A remote_unlock payload with the given fields (defaults: valid for the fixture lock at Fixtures.Now).</summary>
    public static string Command(
        string lockId = "dokk1-room-3",
        long counter = 1000,
        long? issuedAt = null,
        long? expiresAt = null,
        string id = "cmd-x",
        int v = 1,
        string type = "remote_unlock")
    {
        var iat = issuedAt ?? Fixtures.Now.ToUnixTimeSeconds();
        var exp = expiresAt ?? iat + 30;
        return $$"""{"v":{{v}},"type":"{{type}}","id":"{{id}}","lock":"{{lockId}}","counter":{{counter}},"issuedAt":{{iat}},"expiresAt":{{exp}},"durationSeconds":5,"reason":"test"}""";
    }
}

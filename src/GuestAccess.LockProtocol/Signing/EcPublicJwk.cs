using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GuestAccess.LockProtocol.Messages;
using GuestAccess.LockProtocol.Serialization;

namespace GuestAccess.LockProtocol.Signing;

/// <summary>
/// A P-256 public key as a JSON Web Key (RFC 7517/7518):
/// <c>{"kty":"EC","crv":"P-256","x":"…","y":"…","kid":"…","alg":"ES256","use":"sig"}</c>.
/// This is what a lock is provisioned with to verify commands and mobile keys.
/// </summary>
public sealed record EcPublicJwk
{
    private EcPublicJwk(string keyId, string x, string y)
    {
        KeyId = keyId;
        X = x;
        Y = y;
    }

    public string KeyId { get; }

    /// <summary>The 32-byte X coordinate, base64url.</summary>
    public string X { get; }

    /// <summary>The 32-byte Y coordinate, base64url.</summary>
    public string Y { get; }

    internal static EcPublicJwk FromParameters(string keyId, ECParameters parameters) =>
        new(keyId, WireBase64.Encode(parameters.Q.X), WireBase64.Encode(parameters.Q.Y));

    public string ToJson() =>
        $$"""{"kty":"EC","crv":"P-256","x":"{{X}}","y":"{{Y}}","kid":"{{KeyId}}","alg":"ES256","use":"sig"}""";

    /// <summary>
    /// Reads a public P-256 JWK strictly: kty EC, crv P-256, 32-byte x and y on the curve, a kid,
    /// alg ES256 and use sig when present, and no private member <c>d</c>.
    /// </summary>
    public static EcPublicJwk Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        Dictionary<string, string> members;
        try
        {
            members = JsonSerializer.Deserialize(json, ProtocolKeyJsonContext.Default.DictionaryStringString)
                ?? throw new FormatException("A JWK is a JSON object.");
        }
        catch (JsonException)
        {
            throw new FormatException("A JWK is a JSON object of string members.");
        }

        string Member(string name) =>
            members.TryGetValue(name, out var value) ? value : throw new FormatException($"The JWK has no \"{name}\".");

        if (members.ContainsKey("d"))
        {
            throw new FormatException("The JWK holds a private key; provision only the public key.");
        }

        if (Member("kty") != "EC" || Member("crv") != "P-256"
            || (members.TryGetValue("alg", out var alg) && alg != "ES256")
            || (members.TryGetValue("use", out var use) && use != "sig")
            || !WireText.IsIdentifier(Member("kid")))
        {
            throw new FormatException("Only ES256 signing keys on P-256 with a valid kid are accepted.");
        }

        if (WireBase64.DecodedLength(Member("x")) != 32 || WireBase64.DecodedLength(Member("y")) != 32)
        {
            throw new FormatException("The JWK coordinates must be 32 bytes each, base64url.");
        }

        var jwk = new EcPublicJwk(members["kid"], members["x"], members["y"]);
        jwk.CreateVerifier().Dispose(); // proves the point is on the curve
        return jwk;
    }

    /// <summary>An ECDsa holding this public key. Throws <see cref="FormatException"/> for a point not on P-256.</summary>
    public ECDsa CreateVerifier()
    {
        WireBase64.TryDecode(X, out var x);
        WireBase64.TryDecode(Y, out var y);
        var parameters = new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = x, Y = y } };
        try
        {
            return ECDsa.Create(parameters);
        }
        catch (CryptographicException)
        {
            throw new FormatException("The JWK is not a point on P-256.");
        }
    }

    /// <summary>The RFC 7638 thumbprint (SHA-256, base64url), handy to compare keys out of band.</summary>
    public string Thumbprint() =>
        WireBase64.Encode(SHA256.HashData(Encoding.ASCII.GetBytes($$"""{"crv":"P-256","kty":"EC","x":"{{X}}","y":"{{Y}}"}""")));

    public override string ToString() => ToJson();
}

using GuestAccess.LockProtocol.Signing;
using GuestAccess.LockProtocol.Topics;

namespace GuestAccess.LockProtocol.Tests.Support;

/// <summary>Fixed ids, instants and TEST-ONLY keys (generated with openssl for these tests; never used anywhere else).</summary>
internal static class Fixtures
{
    public static readonly LockId Lock = LockId.Parse("dokk1-room-3");
    public static readonly LockId OtherLock = LockId.Parse("dokk1-entrance");

    /// <summary>2026-05-04T08:00:00Z, a Monday.</summary>
    public static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1777881600);

    public const string ServerKeyId = "test-2026";

    public const string ServerKeyPem = """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgjJB5fKozDgFI7ihM
        untv/Ji35mLZy3UdQloQErOFh2uhRANCAARymWLESuaxjkY+rQreFLHXvg82c5dK
        QNEEzZsTSbeclOYehBP/Yo8S3gQ/EmDHnYSKdL0+TXZtxrniKh6D5uOt
        -----END PRIVATE KEY-----
        """;

    /// <summary>A key nobody trusts (an attacker's, or a rogue MQTT client's).</summary>
    public const string AttackerKeyPem = """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgaIboz+JwxBQQuq8R
        73gUwcLWH+8CVtrmwfpcwkBM/FGhRANCAAQcfZSi7zIAKHECPwoGQKOHW4c0zgW6
        NsP2zszgVGImpa9FVwhaHVLCy19V0vFxkBF1WkehB0XdyZuBNWkIw9Xu
        -----END PRIVATE KEY-----
        """;

    public static SigningKey ServerKey() => SigningKey.FromPkcs8Pem(ServerKeyId, ServerKeyPem);

    public static TrustedKeySet TrustedKeys()
    {
        using var key = ServerKey();
        return new TrustedKeySet(key.PublicJwk);
    }
}

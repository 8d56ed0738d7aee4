using System.Globalization;

namespace GuestAccess.Server.Locks.Fleet;

/// <summary>
/// How server ids appear on the wire (credential ids, grant ids, mobile key <c>jti</c>/<c>gid</c>):
/// the GUID as 32 lower-case hex digits, a valid protocol identifier. Use these when issuing
/// mobile keys so that revocations and entry events match.
/// </summary>
public static class LockWireIds
{
    public static string Credential(Guid credentialId) => credentialId.ToString("N", CultureInfo.InvariantCulture);

    public static string Grant(Guid grantId) => grantId.ToString("N", CultureInfo.InvariantCulture);

    public static bool TryParse(string? wireId, out Guid id) =>
        Guid.TryParseExact(wireId, "N", out id);
}

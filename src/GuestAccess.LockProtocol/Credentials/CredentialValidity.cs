using GuestAccess.LockProtocol.Messages;
using GuestAccess.LockProtocol.Schedules;

namespace GuestAccess.LockProtocol.Credentials;

/// <summary>
/// When a credential may open: inside [<see cref="NotBefore"/>, <see cref="NotAfter"/>) and, if
/// there is a <see cref="Schedule"/>, inside one of its weekly windows. Every credential carries
/// its own validity, so a lock that never hears of a revocation still refuses it after NotAfter.
/// </summary>
public sealed record CredentialValidity(DateTimeOffset NotBefore, DateTimeOffset NotAfter, WeeklySchedule? Schedule = null)
{
    internal void Validate(string path)
    {
        ProtocolViolation.Unless(NotAfter > NotBefore, $"{path}: notAfter must be after notBefore");
        Schedule?.Validate($"{path}.schedule");
    }
}

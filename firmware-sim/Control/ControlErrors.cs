using Microsoft.AspNetCore.Http;

namespace GuestAccess.FirmwareSim.Control;

/// <summary>The control surface's errors: RFC 9457 problem details with a stable <c>code</c>, Danish first, then English.</summary>
internal static class ControlErrors
{
    public const string InvalidRequest = "invalid_request";
    public const string UnknownLock = "unknown_lock";
    public const string InvalidPin = "invalid_pin";
    public const string InvalidToken = "invalid_token";
    public const string InvalidFault = "invalid_fault";
    public const string InvalidDuration = "invalid_duration";

    public static IResult Problem(string code, string title, string detail, int status = StatusCodes.Status400BadRequest) =>
        Results.Problem(detail: detail, statusCode: status, title: title, extensions: new Dictionary<string, object?> { ["code"] = code });

    public static IResult LockNotFound(string lockId) =>
        Problem(UnknownLock, "Ukendt lås / Unknown lock", $"Der simuleres ingen lås '{Safe(lockId)}'. / No simulated lock '{Safe(lockId)}'.", StatusCodes.Status404NotFound);

    /// <summary>Echo an id only when it is harmless (lock-id characters, short).</summary>
    private static string Safe(string value) =>
        value.Length <= 64 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') ? value : "…";
}

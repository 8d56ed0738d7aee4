using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace GuestAccess.Server.Web.Citizen;

/// <summary>
/// A new PIN carried from the post that made it to the one page that shows it (post, redirect,
/// get): in TempData (cookie <c>ga.flash</c>, encrypted with Data Protection, deleted once read),
/// tied to its booking. The PIN is stored only as a salted hash; after this page it is gone.
/// </summary>
public static class PinFlash
{
    private const string Key = "ga.pin";

    public static void Put(ITempDataDictionary tempData, Guid bookingId, string pin) => tempData[Key] = $"{bookingId:N}|{pin}";

    /// <summary>The PIN for this booking, once; null if there is none (or it was for another booking, which keeps it).</summary>
    public static string? Take(ITempDataDictionary tempData, Guid bookingId)
    {
        if (tempData.Peek(Key) is not string value || !value.StartsWith($"{bookingId:N}|", StringComparison.Ordinal))
        {
            return null;
        }

        tempData.Remove(Key);
        return value[(value.IndexOf('|', StringComparison.Ordinal) + 1)..];
    }
}

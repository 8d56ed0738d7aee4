using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace GuestAccess.EndToEnd.Tests.Support;

/// <summary>What the development inbox received (the notifications a guest would get), read through the API as an admin.</summary>
public static partial class DevInbox
{
    /// <summary>The PIN in the first message sent to <paramref name="phone"/>, waiting until it arrives (needs the demo accounts).</summary>
    public static async Task<string> PinSentToAsync(FleetHost host, string phone)
    {
        using var admin = await Api.AsAsync(host, "admin@demo.guestaccess.dk");
        var messages = await Eventually.ValueAsync(
            async () => (await admin.GetFromJsonAsync<InboxMessage[]>($"/api/v1/dev/inbox?recipient={Uri.EscapeDataString(phone)}", Api.Json))!,
            m => m.Length > 0,
            $"the SMS to {phone}");
        return PinPattern().Match(messages[0].Text).Groups[1].Value;
    }

    [GeneratedRegex(@"PIN: ([0-9]{8})\b")]
    private static partial Regex PinPattern();

    private sealed record InboxMessage(string Recipient, string Text);
}

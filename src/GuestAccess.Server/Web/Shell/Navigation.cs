using GuestAccess.Server.Identity.Authorization;

namespace GuestAccess.Server.Web.Shell;

/// <summary>The main menu: the same items in the same order on every page, by the caller's roles.</summary>
public static class Navigation
{
    public sealed record Item(string Href, string Danish, string English);

    public static IReadOnlyList<Item> For(CurrentUser caller)
    {
        var items = new List<Item> { new("/", "Forside", "Home"), new("/rooms", "Find et lokale", "Find a room") };
        if (caller.HasAccount && caller.IsCitizen)
        {
            items.Add(new("/my/bookings", "Mine bookinger", "My bookings"));
            items.Add(new("/my/entries", "Mine adgange", "My entries"));
        }

        if (caller.HasAccount && (caller.IsCaretaker || caller.IsAdmin))
        {
            items.Add(new("/caretaker", "Mine steder", "My sites"));
            items.Add(new("/caretaker/grants", "Gæsteadgange", "Guest access"));
        }

        if (caller.HasAccount && caller.IsAuditor)
        {
            items.Add(new("/audit", "Adgangslog", "Entry log"));
            items.Add(new("/audit/who", "Hvem kunne komme ind?", "Who could have entered?"));
            items.Add(new("/audit/verify", "Verificér loggen", "Verify the log"));
        }

        if (caller.HasAccount && caller.IsAdmin)
        {
            items.Add(new("/admin", "Administration", "Administration"));
        }

        return items;
    }

    /// <summary>The item the current path belongs to (the longest matching prefix).</summary>
    public static Item? Current(IReadOnlyList<Item> items, PathString path) =>
        items.Where(i => i.Href == "/" ? path == "/" : path.StartsWithSegments(i.Href, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(i => i.Href.Length).FirstOrDefault();
}

namespace GuestAccess.Domain.Sites;

/// <summary>Which Danish holidays close a site, evaluated for any year (nothing to update each January).</summary>
[Flags]
public enum HolidayClosures
{
    None = 0,

    /// <summary>Closed on the public holidays (helligdage).</summary>
    PublicHolidays = 1,

    /// <summary>Closed on grundlovsdag, juleaften and nytårsaftensdag.</summary>
    CustomaryClosingDays = 2,
}

namespace GuestAccess.Domain.Sites;

/// <summary>
/// Danish public holidays (helligdage) as they stand from 2024, when Store bededag was abolished,
/// plus the days public buildings customarily close although they are not public holidays.
/// </summary>
public static class DanishHolidays
{
    public static IReadOnlyList<(DateOnly Date, string Name)> PublicHolidays(int year)
    {
        var easter = EasterSunday(year);
        return
        [
            (new DateOnly(year, 1, 1), "Nytårsdag"),
            (easter.AddDays(-3), "Skærtorsdag"),
            (easter.AddDays(-2), "Langfredag"),
            (easter, "Påskedag"),
            (easter.AddDays(1), "2. påskedag"),
            (easter.AddDays(39), "Kristi himmelfartsdag"),
            (easter.AddDays(49), "Pinsedag"),
            (easter.AddDays(50), "2. pinsedag"),
            (new DateOnly(year, 12, 25), "Juledag"),
            (new DateOnly(year, 12, 26), "2. juledag"),
        ];
    }

    /// <summary>Grundlovsdag, juleaften and nytårsaftensdag: not public holidays, but usually closed.</summary>
    public static IReadOnlyList<(DateOnly Date, string Name)> CustomaryClosingDays(int year) =>
    [
        (new DateOnly(year, 6, 5), "Grundlovsdag"),
        (new DateOnly(year, 12, 24), "Juleaften"),
        (new DateOnly(year, 12, 31), "Nytårsaftensdag"),
    ];

    /// <summary>Gregorian Easter Sunday (the anonymous Gregorian computus).</summary>
    public static DateOnly EasterSunday(int year)
    {
        if (year is < 1583 or > 9999)
        {
            throw new ArgumentOutOfRangeException(nameof(year));
        }

        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var month = (h + l - (7 * m) + 114) / 31;
        var day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new DateOnly(year, month, day);
    }
}

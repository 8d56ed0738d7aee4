namespace GuestAccess.Server.Bookings;

public static class BookingsExtensions
{
    /// <summary>Citizens' bookings and the keys they issue (needs <c>AddKeys</c>).</summary>
    public static IHostApplicationBuilder AddBookings(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<BookingKeys>();
        builder.Services.AddScoped<BookingService>();
        return builder;
    }
}

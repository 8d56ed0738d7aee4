using GuestAccess.Domain.Bookings;
using GuestAccess.Domain.Common;
using GuestAccess.Domain.Time;
using static GuestAccess.Domain.Tests.Copenhagen;

namespace GuestAccess.Domain.Tests.Bookings;

public sealed class BookingTests
{
    [Fact]
    public void Reschedule_Confirmed_MovesIntervalAndAttendees()
    {
        var booking = NewBooking();

        booking.Reschedule(new TimeInterval(Local("2026-12-02T19:00"), Local("2026-12-02T21:00")), 5);

        Assert.Equal((Local("2026-12-02T19:00"), Local("2026-12-02T21:00"), 5), (booking.Start, booking.End, booking.Attendees));
        Assert.Equal(BookingStatus.Confirmed, booking.Status);
    }

    [Fact]
    public void Reschedule_Cancelled_IsBookingNotActive()
    {
        var booking = NewBooking();
        booking.Cancel(Local("2026-11-20T10:00"));

        var error = Assert.Throws<DomainException>(() => booking.Reschedule(new TimeInterval(Local("2026-12-02T19:00"), Local("2026-12-02T20:00")), 2));

        Assert.Equal("booking_not_active", error.Code);
    }

    [Theory]
    [InlineData(0, "invalid_attendees")]
    [InlineData(-1, "invalid_attendees")]
    public void Reschedule_NoAttendees_IsRejected(int attendees, string code)
    {
        var error = Assert.Throws<DomainException>(() => NewBooking().Reschedule(new TimeInterval(Local("2026-12-02T19:00"), Local("2026-12-02T20:00")), attendees));

        Assert.Equal(code, error.Code);
    }

    [Fact]
    public void Reschedule_EmptyInterval_IsInvalidInterval()
    {
        var error = Assert.Throws<DomainException>(() => NewBooking().Reschedule(new TimeInterval(Local("2026-12-02T19:00"), Local("2026-12-02T19:00")), 2));

        Assert.Equal("invalid_interval", error.Code);
    }

    [Fact]
    public void SetIdempotencyKey_KeepsKeyAndFingerprint_RejectsOverlongKey()
    {
        var booking = NewBooking();

        booking.SetIdempotencyKey("retry-1", "abc");
        var error = Assert.Throws<DomainException>(() => booking.SetIdempotencyKey(new string('k', Booking.MaxIdempotencyKeyLength + 1), "abc"));

        Assert.Equal(("retry-1", "abc"), (booking.IdempotencyKey, booking.IdempotencyFingerprint));
        Assert.Equal("invalid_idempotency_key", error.Code);
    }

    private static Booking NewBooking() =>
        new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), new TimeInterval(Local("2026-12-01T19:00"), Local("2026-12-01T20:00")), 2, Local("2026-11-20T09:00"));
}

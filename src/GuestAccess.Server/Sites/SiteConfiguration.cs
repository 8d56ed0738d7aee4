using GuestAccess.Domain.Common;
using GuestAccess.Domain.Sites;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GuestAccess.Server.Sites;

internal sealed class SiteConfiguration : IEntityTypeConfiguration<Site>
{
    public void Configure(EntityTypeBuilder<Site> builder)
    {
        builder.ToTable("sites");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Slug).HasMaxLength(Slug.MaxLength);
        builder.HasIndex(s => s.Slug).IsUnique();
        builder.Property(s => s.Name).HasMaxLength(Names.MaxLength);
        builder.Property(s => s.TimeZoneId).HasMaxLength(64);
        builder.ComplexProperty(s => s.Address, a =>
        {
            a.Property(x => x.Street).HasMaxLength(200);
            a.Property(x => x.PostalCode).HasMaxLength(16);
            a.Property(x => x.City).HasMaxLength(100);
        });
        builder.ComplexProperty(s => s.Policy);
        builder.Ignore(s => s.Coordinates);
        builder.Ignore(s => s.OpeningHours);
        builder.Ignore(s => s.TimeZone);

        builder.OwnsMany(s => s.WeeklyHours, w =>
        {
            w.ToTable("site_weekly_hours");
            w.WithOwner().HasForeignKey("SiteId");
            w.HasKey("SiteId", nameof(WeeklyOpeningPeriod.Day), nameof(WeeklyOpeningPeriod.Start));
            w.Ignore(p => p.Period);
        });
        builder.Navigation(s => s.WeeklyHours).UsePropertyAccessMode(PropertyAccessMode.Field);

        builder.OwnsMany(s => s.ExceptionDays, d =>
        {
            d.ToTable("site_exception_days");
            d.WithOwner().HasForeignKey("SiteId");
            d.HasKey("SiteId", nameof(OpeningExceptionDay.Date));
            d.Property(x => x.Name).HasMaxLength(100);
            d.OwnsMany(x => x.Periods, p =>
            {
                p.ToTable("site_exception_periods");
                p.WithOwner().HasForeignKey("SiteId", "Date");
                p.HasKey("SiteId", "Date", nameof(ExceptionOpeningPeriod.Start));
                p.Ignore(x => x.Period);
            });
            d.Navigation(x => x.Periods).UsePropertyAccessMode(PropertyAccessMode.Field);
        });
        builder.Navigation(s => s.ExceptionDays).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

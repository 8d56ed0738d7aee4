namespace GuestAccess.Domain.Sites;

/// <summary>A postal address. Every part is optional: unknown parts are left empty, never invented.</summary>
public sealed record Address(string? Street, string? PostalCode, string? City)
{
    public static Address Unknown { get; } = new(null, null, null);

    public bool IsKnown => Street is not null || PostalCode is not null || City is not null;
}

/// <summary>WGS 84 coordinates.</summary>
public sealed record GeoCoordinates
{
    public GeoCoordinates(double latitude, double longitude)
    {
        if (latitude is < -90 or > 90 || double.IsNaN(latitude))
        {
            throw new ArgumentOutOfRangeException(nameof(latitude));
        }

        if (longitude is < -180 or > 180 || double.IsNaN(longitude))
        {
            throw new ArgumentOutOfRangeException(nameof(longitude));
        }

        Latitude = latitude;
        Longitude = longitude;
    }

    public double Latitude { get; }

    public double Longitude { get; }
}

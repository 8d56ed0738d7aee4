namespace GuestAccess.Web.Tests.Support;

/// <summary>The seeded demo accounts (README "Demo accounts"); every one has the password Demo-2026!.</summary>
public static class Demo
{
    public const string Citizen = "borger@demo.guestaccess.dk";
    public const string OtherCitizen = "borger2@demo.guestaccess.dk";
    public const string CaretakerDokk1 = "pedel.dokk1@demo.guestaccess.dk";
    public const string CaretakerSouth = "pedel.syd@demo.guestaccess.dk";
    public const string Auditor = "revisor@demo.guestaccess.dk";
    public const string AuditorDokk1 = "revisor.dokk1@demo.guestaccess.dk";
    public const string Admin = "admin@demo.guestaccess.dk";
}

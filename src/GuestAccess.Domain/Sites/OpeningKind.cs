namespace GuestAccess.Domain.Sites;

/// <summary>What kind of opening a period is. Precedence when layering: Staffed > SelfService > BuildingOnly.</summary>
public enum OpeningKind
{
    /// <summary>Betjent: staff are present.</summary>
    Staffed,

    /// <summary>Selvbetjent/ubetjent: the library is open without staff.</summary>
    SelfService,

    /// <summary>The building is open (alarm off) but the library itself is closed; rooms may still be used.</summary>
    BuildingOnly,
}

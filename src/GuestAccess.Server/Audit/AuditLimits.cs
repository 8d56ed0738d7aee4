namespace GuestAccess.Server.Audit;

/// <summary>Sizes the audit log accepts (column lengths and what a record may carry).</summary>
public static class AuditLimits
{
    public const int ActionLength = 64;
    public const int SubjectLength = 100;
    public const int OutcomeLength = 64;
    public const int HolderLength = 80;

    /// <summary>Maximum length of the non-personal and of the personal JSON of one record.</summary>
    public const int DataLength = 8000;

    public const int DetailKeyLength = 64;
}

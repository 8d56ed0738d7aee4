namespace GuestAccess.Server.Infrastructure.Problems;

/// <summary>
/// One catalogued failure: a stable machine code, its HTTP status, and a title in Danish
/// (the default) and English.
/// </summary>
public sealed record ApiError(string Code, int Status, string TitleDa, string TitleEn)
{
    public string Title(bool english) => english ? TitleEn : TitleDa;
}

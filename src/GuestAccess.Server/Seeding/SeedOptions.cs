namespace GuestAccess.Server.Seeding;

/// <summary>When the server applies the seed files at start-up.</summary>
public enum SeedMode
{
    /// <summary>Only into an empty database (the default): later edits by administrators are kept.</summary>
    IfEmpty,

    /// <summary>On every start; the files are the truth for the objects they name.</summary>
    Always,
    Never,
}

/// <summary>Seed data (section <c>Seed</c>).</summary>
public sealed class SeedOptions
{
    public const string Section = "Seed";

    /// <summary>The seed directory (sites/*.json, accounts.json). Defaults to the copy next to the server binary.</summary>
    public string Directory { get; set; } = Path.Combine(AppContext.BaseDirectory, "seeds");

    public SeedMode Mode { get; set; } = SeedMode.IfEmpty;

    /// <summary>Create the demo accounts of accounts.json. Never done in the Production environment.</summary>
    public bool DemoAccounts { get; set; } = true;
}

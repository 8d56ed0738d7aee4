namespace GuestAccess.Server.IntegrationTests.Infrastructure;

/// <summary>A private, editable copy of the repository's seed directory.</summary>
public sealed class SeedFiles : IDisposable
{
    public SeedFiles()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("guestaccess-seeds-").FullName;
        Copy(Shipped, Directory);
    }

    /// <summary>The seed files as shipped next to the server binary.</summary>
    public static string Shipped => Path.Combine(AppContext.BaseDirectory, "seeds");

    public string Directory { get; }

    public string Site(string slug) => Path.Combine(Directory, "sites", slug + ".json");

    public string Accounts => Path.Combine(Directory, "accounts.json");

    public void Edit(string file, Func<string, string> change)
    {
        var before = File.ReadAllText(file);
        var after = change(before);
        Assert.NotEqual(before, after); // the edit must actually change something
        File.WriteAllText(file, after);
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    private static void Copy(string from, string to)
    {
        foreach (var directory in System.IO.Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            System.IO.Directory.CreateDirectory(directory.Replace(from, to, StringComparison.Ordinal));
        }

        foreach (var file in System.IO.Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, file.Replace(from, to, StringComparison.Ordinal));
        }
    }
}

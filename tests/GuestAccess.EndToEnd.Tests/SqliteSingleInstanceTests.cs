using GuestAccess.EndToEnd.Tests.Support;
using GuestAccess.Server.Locks.Provisioning;
using Microsoft.Data.Sqlite;

namespace GuestAccess.EndToEnd.Tests;

/// <summary>SQLite serves one server instance; a second one on the same file would drive every lock twice.</summary>
public sealed class SqliteSingleInstanceTests
{
    [Fact]
    public async Task Server_SecondProcessOnTheSameSqliteFile_RefusesToStartWithAClearError()
    {
        var directory = Directory.CreateTempSubdirectory("ga-e2e-sqlite-").FullName;
        try
        {
            await using var first = ServerProcess.Start(directory, FleetHost.FreePort());
            await Eventually.TrueAsync(() => File.Exists(DevProvisioningBundle.PathIn(directory)), "the first server to start\n" + first.Output, TimeSpan.FromSeconds(60));

            await using var second = ServerProcess.Start(directory, FleetHost.FreePort());
            var code = await second.WaitForExitAsync(TimeSpan.FromSeconds(60));

            Assert.NotEqual(0, code);
            Assert.Contains("Another GuestAccess server already uses the SQLite database", second.Output);
            Assert.DoesNotContain("Another GuestAccess server", first.Output);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}

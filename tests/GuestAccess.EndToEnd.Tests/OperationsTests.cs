using GuestAccess.EndToEnd.Tests.Support;
using Microsoft.Extensions.Logging;

namespace GuestAccess.EndToEnd.Tests;

/// <summary>Operations: start-up waits for the database.</summary>
public sealed class OperationsTests
{
    [Fact]
    public async Task Startup_DatabaseNotReachableYet_WaitsWithLogLinesAndStartsWhenItIs()
    {
        var logs = new LogCapture();
        var parent = Directory.CreateTempSubdirectory("ga-e2e-dbwait-").FullName;
        var later = Path.Combine(parent, "mounted-later");
        try
        {
            var starting = FleetHost.StartAsync(b => b.Logging.AddProvider(logs), $"--Database:ConnectionString=Data Source={Path.Combine(later, "guestaccess.db")}");
            await Eventually.TrueAsync(() => logs.WithEvent(9510).Count >= 1, "a 'waiting for the database' line");
            Assert.False(starting.IsCompleted);
            Directory.CreateDirectory(later); // the volume appears

            await using var host = await starting.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Single(logs.WithEvent(9511));
            Assert.True(File.Exists(Path.Combine(later, "guestaccess.db")));
            Assert.DoesNotContain(logs.Lines, l => l.Message.Contains("Data Source", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(parent, recursive: true);
        }
    }
}

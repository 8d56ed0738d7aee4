using GuestAccess.EndToEnd.Tests.Support;
using GuestAccess.LockProtocol.Provisioning;
using GuestAccess.Server.Locks.Provisioning;
using Microsoft.Extensions.DependencyInjection;

namespace GuestAccess.EndToEnd.Tests;

/// <summary>The development provisioning bundle of a fleet larger than one bundle may hold.</summary>
public sealed class DevBundleTests
{
    [Fact]
    public async Task DevBundle_MoreLocksThanOneBundleHolds_IsWrittenAsSeveralBundlesThatKeepTheirPasswords()
    {
        await using var host = await FleetHost.StartAsync();
        var writer = ActivatorUtilities.CreateInstance<DevProvisioningBundle>(host.Services);
        writer.LocksPerFile = 10; // stands in for the format's 10,000
        var path = Path.Combine(host.DataDirectory, "split", "provisioning.json");

        var count = await writer.WriteAsync(path, CancellationToken.None);
        var first = ReadParts(path);
        await writer.WriteAsync(path, CancellationToken.None);
        var second = ReadParts(path);
        writer.LocksPerFile = 1_000;
        await writer.WriteAsync(path, CancellationToken.None);
        var merged = ReadParts(path);

        Assert.True(count > 20, $"the seed has {count} locks");
        Assert.Equal((count + 9) / 10, first.Count);
        Assert.All(first, bundle => Assert.InRange(bundle.Locks.Count, 1, 10));
        Assert.Equal(count, first.SelectMany(b => b.Locks).Select(l => l.Lock.Value).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(Passwords(first), Passwords(second)); // a simulator started on the parts still gets in
        Assert.Equal(count, Assert.Single(merged).Locks.Count); // the parts left over are gone
        Assert.Equal(Passwords(first), Passwords(merged));
    }

    private static List<ProvisioningBundle> ReadParts(string path) =>
        [.. Enumerable.Range(1, 100).Select(p => DevProvisioningBundle.PartPath(path, p)).TakeWhile(File.Exists).Select(f => ProvisioningBundle.Parse(File.ReadAllText(f)))];

    private static Dictionary<string, string> Passwords(IEnumerable<ProvisioningBundle> bundles) =>
        bundles.SelectMany(b => b.Locks).ToDictionary(l => l.Lock.Value, l => l.Password, StringComparer.Ordinal);
}

using GuestAccess.Domain.Locks;
using GuestAccess.LockProtocol.Provisioning;
using GuestAccess.Server.Locks.Broker;
using GuestAccess.Server.Locks.Store;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Locks.Provisioning;

/// <summary>
/// Development with the embedded broker: provisions every lock that is not decommissioned and
/// writes them all into <c>{DataDirectory}/simulator/provisioning.json</c> (mode 0600), so the
/// simulator starts the whole fleet with one command. A lock whose password in an existing file
/// still matches its stored hash keeps it, so a restarted server and a running simulator agree.
/// A bundle holds at most <see cref="ProvisioningBundle.MaxLocks"/> locks: a larger fleet is
/// written as several bundles, <c>provisioning.json</c> with the first locks (by id) and
/// <c>provisioning-2.json</c>, <c>provisioning-3.json</c>, … with the rest, one simulator each.
/// </summary>
internal sealed class DevProvisioningBundle(
    IServiceScopeFactory scopes,
    BundleFactory bundles,
    IOptions<StorageOptions> storage,
    ILogger<DevProvisioningBundle> logger) : IHostedService
{
    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, "simulator", "provisioning.json");

    /// <summary>Locks per bundle file (the bundle format's limit; lowered by tests).</summary>
    internal int LocksPerFile { get; set; } = ProvisioningBundle.MaxLocks;

    /// <summary>The <paramref name="part"/>th bundle file (1-based) next to <paramref name="path"/>.</summary>
    public static string PartPath(string path, int part) =>
        part == 1 ? path : Path.Combine(Path.GetDirectoryName(path)!, $"{Path.GetFileNameWithoutExtension(path)}-{part}{Path.GetExtension(path)}");

    public Task StartAsync(CancellationToken cancellationToken) => WriteAsync(PathIn(storage.Value.FullDataDirectory), cancellationToken);

    /// <summary>Provisions every lock that is not decommissioned (keeping passwords still valid in <paramref name="path"/>) and writes the bundle there.</summary>
    public async Task<int> WriteAsync(string path, CancellationToken cancellationToken)
    {
        var known = ReadExistingParts(path);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuestAccessDb>();
        var locks = await (from l in db.Locks
                           join c in db.LockBrokerCredentials() on l.Id equals c.LockId into credentials
                           from c in credentials.DefaultIfEmpty()
                           where l.Lifecycle != LockLifecycle.Decommissioned
                           select new { l.Id, l.DeviceId, l.Lifecycle, Hash = c == null ? null : c.PasswordHash })
            .AsNoTracking().ToListAsync(cancellationToken);

        var keep = locks.Where(l => l.Lifecycle == LockLifecycle.Provisioned && known.TryGetValue(l.DeviceId, out var entry)
            && BrokerPassword.Verify(System.Text.Encoding.UTF8.GetBytes(entry.Password), l.Hash)).Select(l => l.DeviceId).ToHashSet(StringComparer.Ordinal);
        var fresh = await scope.ServiceProvider.GetRequiredService<LockProvisioningService>()
            .ProvisionAsync(locks.Where(l => !keep.Contains(l.DeviceId)).Select(l => l.Id).ToList(), cancellationToken);
        var kept = known.Values.Where(e => keep.Contains(e.Lock.Value))
            .Select(e => new IssuedLockCredentials(locks.Single(l => l.DeviceId == e.Lock.Value).Id, e.Lock, e.Door, e.DoorName, e.Site, e.TimeZone, e.Password));
        var all = fresh.Concat(kept).OrderBy(l => l.LockId.Value, StringComparer.Ordinal).ToList();
        if (all.Count == 0)
        {
            return 0;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var parts = all.Chunk(LocksPerFile).ToList();
        for (var part = 1; part <= parts.Count; part++)
        {
            SecretFile.Write(PartPath(path, part), bundles.Create(parts[part - 1]).ToJson());
        }

        // Parts left over from a larger fleet would start locks that are gone or listed twice.
        for (var part = parts.Count + 1; File.Exists(PartPath(path, part)); part++)
        {
            File.Delete(PartPath(path, part));
        }

        LockFleetLog.DevBundleWritten(logger, all.Count, fresh.Count, path);
        if (parts.Count > 1)
        {
            LockFleetLog.DevBundleSplit(logger, all.Count, parts.Count, LocksPerFile);
        }

        return all.Count;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private Dictionary<string, LockProvisioning> ReadExistingParts(string path)
    {
        var known = new Dictionary<string, LockProvisioning>(StringComparer.Ordinal);
        for (var part = 1; File.Exists(PartPath(path, part)); part++)
        {
            foreach (var (id, entry) in ReadExisting(PartPath(path, part)))
            {
                known[id] = entry;
            }
        }

        return known;
    }

    private Dictionary<string, LockProvisioning> ReadExisting(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        if (!ProvisioningBundle.TryParse(File.ReadAllText(path), out var bundle, out var error))
        {
            LockFleetLog.DevBundleUnreadable(logger, path, error);
            return [];
        }

        return bundle.Locks.ToDictionary(l => l.Lock.Value, StringComparer.Ordinal);
    }
}

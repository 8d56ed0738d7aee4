using System.Collections.Concurrent;
using System.Security.Cryptography;
using GuestAccess.Domain.Locks;
using GuestAccess.LockProtocol.Topics;
using GuestAccess.Server.Locks.Store;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Locks.Broker;

/// <summary>
/// What the embedded broker needs to admit a client, in memory: the password hash of every
/// provisioned lock, and the server's own internal secret (random per process, never stored).
/// Loaded at start-up and kept current by provisioning and decommissioning in this process.
/// </summary>
public sealed class BrokerCredentialCache
{
    private readonly ConcurrentDictionary<LockId, string> _locks = new();

    /// <summary>The server's own password for the embedded broker (loopback only, this process only).</summary>
    internal string ServerSecret { get; } = BrokerPassword.NewSecret();

    public int Count => _locks.Count;

    public async Task LoadAsync(GuestAccessDb db, CancellationToken cancellationToken)
    {
        var rows = await (from credential in db.LockBrokerCredentials()
                          join controller in db.Locks on credential.LockId equals controller.Id
                          where controller.Lifecycle == LockLifecycle.Provisioned
                          select new { controller.DeviceId, credential.PasswordHash })
            .AsNoTracking().ToListAsync(cancellationToken);
        _locks.Clear();
        foreach (var row in rows)
        {
            if (LockId.TryParse(row.DeviceId, out var lockId))
            {
                _locks[lockId] = row.PasswordHash;
            }
        }
    }

    internal void Set(LockId lockId, string passwordHash) => _locks[lockId] = passwordHash;

    internal void Remove(LockId lockId) => _locks.TryRemove(lockId, out _);

    internal bool VerifyLock(LockId lockId, ReadOnlySpan<byte> password) =>
        _locks.TryGetValue(lockId, out var hash) && BrokerPassword.Verify(password, hash);

    internal bool VerifyServer(ReadOnlySpan<byte> password)
    {
        var expected = System.Text.Encoding.UTF8.GetBytes(ServerSecret);
        return password.Length == expected.Length && CryptographicOperations.FixedTimeEquals(password, expected);
    }
}

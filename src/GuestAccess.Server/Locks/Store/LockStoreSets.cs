using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GuestAccess.Server.Locks.Store;

/// <summary>The lock fleet's tables, reached from the shared <see cref="GuestAccessDb"/> without widening it.</summary>
public static class LockStoreSets
{
    public static DbSet<LockBrokerCredential> LockBrokerCredentials(this GuestAccessDb db) => db.Set<LockBrokerCredential>();

    public static DbSet<LockSyncState> LockSyncStates(this GuestAccessDb db) => db.Set<LockSyncState>();

    public static DbSet<LockCredentialEntry> LockCredentialEntries(this GuestAccessDb db) => db.Set<LockCredentialEntry>();

    public static DbSet<LockRevocationEntry> LockRevocationEntries(this GuestAccessDb db) => db.Set<LockRevocationEntry>();

    public static DbSet<LockOutboxMessage> LockOutbox(this GuestAccessDb db) => db.Set<LockOutboxMessage>();
}

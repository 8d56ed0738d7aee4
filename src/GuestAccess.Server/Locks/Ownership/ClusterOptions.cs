using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Locks.Ownership;

/// <summary>
/// Section <c>Cluster</c>: several server instances on one PostgreSQL database split the locks
/// between them (docs/deployment.md, "Several server instances").
/// </summary>
public sealed class ClusterOptions
{
    public const string Section = "Cluster";

    /// <summary>
    /// PostgreSQL: how often an instance checks who is alive and rebalances the lock partitions it
    /// holds. A crashed instance's locks are taken over within about one interval.
    /// </summary>
    public TimeSpan RebalanceInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// At shutdown (SIGTERM): how long the server keeps delivering staged commands to the online
    /// locks it drives before it hands them over.
    /// </summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

internal sealed class ClusterOptionsValidator : IValidateOptions<ClusterOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterOptions options)
    {
        var errors = new List<string>();
        if (options.RebalanceInterval < TimeSpan.FromMilliseconds(100) || options.RebalanceInterval > TimeSpan.FromMinutes(1))
        {
            errors.Add("Cluster:RebalanceInterval must be 100 ms to 1 minute.");
        }

        if (options.DrainTimeout < TimeSpan.Zero || options.DrainTimeout > TimeSpan.FromMinutes(5))
        {
            errors.Add("Cluster:DrainTimeout must be 0 to 5 minutes.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

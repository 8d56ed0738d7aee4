using Microsoft.Extensions.Logging;

namespace GuestAccess.FirmwareSim.Fleet;

/// <summary>Fleet, traffic, scenario and control-surface log events (ids 7050-7099).</summary>
internal static partial class FleetLog
{
    [LoggerMessage(7050, LogLevel.Information, "Simulating {Count} locks against {Broker}; state in {StateDirectory}")]
    public static partial void Started(ILogger logger, int count, string broker, string stateDirectory);
}

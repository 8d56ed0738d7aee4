using GuestAccess.FirmwareSim.Faults;
using GuestAccess.FirmwareSim.Fleet;
using GuestAccess.LockProtocol.Signing;
using Microsoft.Extensions.Logging;

namespace GuestAccess.FirmwareSim.Device;

/// <summary>What the locks of one fleet share: options, broker, logging, dice and the connect throttle.</summary>
internal sealed class LockRuntime(SimulatorOptions options, BrokerEndpoint broker, ILoggerFactory loggerFactory, FaultDice dice) : IDisposable
{
    public SimulatorOptions Options { get; } = options;

    public BrokerEndpoint Broker { get; } = broker;

    public ILoggerFactory LoggerFactory { get; } = loggerFactory;

    public FaultDice Dice { get; } = dice;

    /// <summary>Connection attempts in progress at once, fleet-wide.</summary>
    public SemaphoreSlim ConnectSlots { get; } = new(options.ConnectConcurrency, options.ConnectConcurrency);

    public CommandVerifierOptions VerifierOptions { get; } = new() { ClockSkewAllowance = options.ClockSkewAllowance };

    public void Dispose() => ConnectSlots.Dispose();
}

using System.Diagnostics;
using GuestAccess.FirmwareSim.Faults;
using GuestAccess.LockProtocol.Credentials;
using GuestAccess.LockProtocol.Messages;
using GuestAccess.LockProtocol.Provisioning;
using GuestAccess.LockProtocol.Signing;
using GuestAccess.LockProtocol.Topics;
using Microsoft.Extensions.Logging;

namespace GuestAccess.FirmwareSim.Device;

/// <summary>
/// One virtual lock controller, behaving as docs/lock-protocol.md says: it connects with its
/// provisioned credentials, verifies and executes signed commands, decides entries offline with
/// its own clock, numbers and buffers its events until the server confirms them, and keeps all of
/// that on disk so a power cut loses nothing. Everything that changes state runs one at a time
/// behind an async gate; there is no thread per lock. Create locks with
/// <see cref="Fleet.LockFleetSimulator"/>.
/// </summary>
public sealed partial class SimulatedLock : IAsyncDisposable
{
    private readonly LockRuntime _runtime;
    private readonly DeviceStateStore _store;
    private readonly CommandVerifier _verifier;
    private readonly EntryEvaluator _evaluator;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string _commandsTopic;
    private readonly string _repliesTopic;
    private readonly string _eventsTopic;
    private readonly string _statusTopic;
    private DeviceCredentials _credentials = DeviceCredentials.Empty;
    private DeviceJournal _journal = DeviceJournal.Empty;
    private TaskCompletionSource _changed = NewSignal();
    private long _bootedAt = Stopwatch.GetTimestamp();
    private int? _battery;
    private DateTimeOffset? _doorReleasedUntil;
    private FaultProfile _faults;
    private long _injectedFaults;

    internal SimulatedLock(LockProvisioning provisioning, TrustedKeySet trustedKeys, string mobileKeyIssuer, LockRuntime runtime)
    {
        Provisioning = provisioning;
        _runtime = runtime;
        _store = new DeviceStateStore(Path.Combine(runtime.Options.StateDirectory, provisioning.Lock.Value), runtime.Options.FlushToDisk);
        _verifier = new CommandVerifier(trustedKeys, provisioning.Lock, runtime.VerifierOptions);
        _evaluator = new EntryEvaluator(new MobileKeyVerifier(trustedKeys, provisioning.Lock, mobileKeyIssuer), runtime.Options.KeypadLockout);
        _logger = runtime.LoggerFactory.CreateLogger<SimulatedLock>();
        _commandsTopic = LockTopics.Commands.For(provisioning.Lock);
        _repliesTopic = LockTopics.Replies.For(provisioning.Lock);
        _eventsTopic = LockTopics.Events.For(provisioning.Lock);
        _statusTopic = LockTopics.Status.For(provisioning.Lock);
        _battery = runtime.Options.BatteryPercent;
        _faults = runtime.Options.Faults;
        Clock = new LockClock(runtime.Options.TimeProvider, runtime.Options.InitialSkew);
    }

    public LockId Id => Provisioning.Lock;

    /// <summary>The door id written into every event.</summary>
    public string Door => Provisioning.Door;

    public LockProvisioning Provisioning { get; }

    /// <summary>The lock's own clock (set its <see cref="LockClock.Skew"/> to simulate a drifting RTC).</summary>
    public LockClock Clock { get; }

    /// <summary>The faults this lock suffers now.</summary>
    public FaultProfile Faults
    {
        get => Volatile.Read(ref _faults);
        set => Volatile.Write(ref _faults, value ?? FaultProfile.None);
    }

    /// <summary>Connected, subscribed to its commands and announced online.</summary>
    public bool IsConnected => _ready;

    /// <summary>Kept off the network on purpose (<see cref="GoOfflineAsync"/>).</summary>
    public bool IsOffline
    {
        get
        {
            lock (_connection)
            {
                return _offline;
            }
        }
    }

    /// <summary>The state directory of this lock.</summary>
    public string StateDirectory => _store.Directory;

    /// <summary>Unconfirmed events, oldest first.</summary>
    public IReadOnlyList<LockEvent> PendingEvents => Volatile.Read(ref _journal).Events;

    /// <summary>The ids of the PIN credentials applied now.</summary>
    public IReadOnlyList<string> CredentialIds => [.. Volatile.Read(ref _credentials).Pins.Select(p => p.CredentialId)];

    public LockSnapshot Snapshot()
    {
        var credentials = Volatile.Read(ref _credentials);
        var journal = Volatile.Read(ref _journal);
        var now = Clock.Now;
        return new LockSnapshot
        {
            Lock = Id,
            Door = Door,
            DoorName = Provisioning.DoorName,
            Connected = IsConnected,
            Offline = IsOffline,
            AppliedVersion = credentials.AppliedVersion,
            Lockdown = credentials.Lockdown,
            CredentialCount = credentials.Pins.Count,
            RevocationCount = credentials.Revocations.Count,
            LastCounter = credentials.LastCounter,
            LastEventSequence = journal.LastSequence,
            PendingEvents = journal.Events.Count,
            KeypadLockedOut = journal.Keypad.IsLockedOut(now),
            Clock = now,
            Skew = Clock.Skew,
            BatteryPercent = _battery,
            DoorReleased = _doorReleasedUntil is { } until && now < until,
            Uptime = Stopwatch.GetElapsedTime(_bootedAt),
            Faults = Faults,
            InjectedFaults = Interlocked.Read(ref _injectedFaults),
        };
    }

    /// <summary>Waits until <paramref name="condition"/> holds for the lock's state (checked after every change).</summary>
    public async Task<LockSnapshot> WaitUntilAsync(Func<LockSnapshot, bool> condition, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            var signal = Volatile.Read(ref _changed).Task;
            var snapshot = Snapshot();
            if (condition(snapshot))
            {
                return snapshot;
            }

            try
            {
                // Clock-driven conditions (a lockout ending) change without a signal: re-check now and then.
                await signal.WaitAsync(TimeSpan.FromMilliseconds(250), deadline.Token).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"Lock {Id} did not reach the expected state within {timeout.TotalSeconds:0.#} s; it is {snapshot}.");
            }
        }
    }

    public override string ToString() => $"SimulatedLock {Id}";

    /// <summary>Stops the lock (see <see cref="StopAsync"/>). The gate is not disposed: a handler of a cut connection may still be leaving it.</summary>
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void CountFault(string fault, string topic)
    {
        Interlocked.Increment(ref _injectedFaults);
        SimLog.FaultInjected(_logger, Id.Value, fault, topic);
        NotifyChanged();
    }

    private void NotifyChanged() => Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult();

    /// <summary>Persists new credentials, then makes them current (call inside the gate).</summary>
    private async Task CommitAsync(DeviceCredentials credentials)
    {
        await _store.SaveAsync(credentials, CancellationToken.None).ConfigureAwait(false);
        Volatile.Write(ref _credentials, credentials);
        NotifyChanged();
    }

    /// <summary>Persists a new journal, then makes it current (call inside the gate).</summary>
    private async Task CommitAsync(DeviceJournal journal)
    {
        await _store.SaveAsync(journal, CancellationToken.None).ConfigureAwait(false);
        Volatile.Write(ref _journal, journal);
        NotifyChanged();
    }
}

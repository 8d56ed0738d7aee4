using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace GuestAccess.EndToEnd.Tests.Support;

/// <summary>
/// Every measurement of the meters one server created through its own <see cref="IMeterFactory"/>
/// (other servers in this test process have meters of the same names; they are not counted).
/// Observable instruments are read on <see cref="Collect"/>.
/// </summary>
public sealed class MeterCapture : IDisposable
{
    private readonly MeterListener _listener = new();

    public MeterCapture(IMeterFactory scope)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, scope))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, value, tags, _) => Record(i, value, tags));
        _listener.SetMeasurementEventCallback<int>((i, value, tags, _) => Record(i, value, tags));
        _listener.SetMeasurementEventCallback<double>((i, value, tags, _) => Record(i, value, tags));
        _listener.Start();
    }

    public ConcurrentQueue<(string Name, double Value, Dictionary<string, object?> Tags)> Measurements { get; } = new();

    public IReadOnlyList<(double Value, Dictionary<string, object?> Tags)> Of(string name) =>
        [.. Measurements.Where(m => m.Name == name).Select(m => (m.Value, m.Tags))];

    public void Collect() => _listener.RecordObservableInstruments();

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        Measurements.Enqueue((instrument.Name, value, copy));
    }
}

using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using GuestAccess.Mqtt.Tests.Support;

namespace GuestAccess.Mqtt.Tests.Server;

/// <summary>The broker's counters on the "GuestAccess.Mqtt" meter.</summary>
public sealed class BrokerMetricsTests
{
    [Fact]
    public async Task Publish_ThroughBroker_CountsConnectionsAndMessages()
    {
        var totals = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        var brokerMeter = (Meter?)null;
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "GuestAccess.Mqtt")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            brokerMeter ??= instrument.Meter;
            totals.AddOrUpdate(instrument.Name, value, (_, v) => v + value);
        });
        listener.Start();

        await using (var harness = new BrokerHarness())
        {
            var (_, inbox) = await harness.ConnectSubscriberAsync("sub", "m/#");
            var publisher = harness.CreateClient("pub");
            await publisher.ConnectAsync();
            await publisher.PublishAsync(BrokerHarness.Message("m/1", "x"));
            await inbox.NextAsync();
            listener.RecordObservableInstruments();

            Assert.True(totals.GetValueOrDefault("mqtt.broker.connections.accepted") >= 2);
            Assert.True(totals.GetValueOrDefault("mqtt.broker.connections") >= 2);
            Assert.True(totals.GetValueOrDefault("mqtt.broker.messages.received") >= 1);
            Assert.True(totals.GetValueOrDefault("mqtt.broker.messages.sent") >= 1);
        }

        Assert.NotNull(brokerMeter);
    }
}

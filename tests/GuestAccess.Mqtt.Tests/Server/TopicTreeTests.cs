using FsCheck;
using FsCheck.Fluent;
using GuestAccess.Mqtt.Packets;
using GuestAccess.Mqtt.Server;
using GuestAccess.Mqtt.Tests.Support;

namespace GuestAccess.Mqtt.Tests.Server;

/// <summary>The subscription trie and the retained-message trie must agree with the plain matching rules for any filters and topics.</summary>
public sealed class TopicTreeTests
{
    private static readonly MqttBrokerOptions Options = new();

    [Fact]
    public void SubscriptionTree_AnyFiltersAndTopic_MatchesExactlyTheBruteForceSet()
    {
        var gen = from filters in Gen.ListOf(MqttGenerators.Filter, 12)
                  from topic in MqttGenerators.Topic
                  select (filters.Distinct().ToArray(), topic);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var (filters, topic) = input;
            var tree = new MqttSubscriptionTree();
            using var metrics = new MqttBrokerMetrics(null);
            var subscriptions = filters.Select((f, i) => new MqttSubscription(new MqttSession("s" + i, Options, metrics), f, f, null, MqttQualityOfService.AtLeastOnce, new MqttTopicFilter(f, MqttQualityOfService.AtLeastOnce), 0)).ToList();
            subscriptions.ForEach(tree.Add);
            var matched = new List<MqttSubscription>();
            tree.Match(topic, matched);
            var expected = filters.Where(f => MqttTopic.Matches(f, topic)).OrderBy(f => f, StringComparer.Ordinal);
            return matched.Select(s => s.TopicFilter).OrderBy(f => f, StringComparer.Ordinal).SequenceEqual(expected);
        }));
    }

    [Fact]
    public void SubscriptionTree_AfterRemovingEverything_MatchesNothing()
    {
        var tree = new MqttSubscriptionTree();
        using var metrics = new MqttBrokerMetrics(null);
        var session = new MqttSession("s", Options, metrics);
        var filters = new[] { "a/#", "a/+/c", "#", "+", "a/b/c", "$SYS/#" };
        var subscriptions = filters.Select(f => new MqttSubscription(session, f, f, null, MqttQualityOfService.AtMostOnce, new MqttTopicFilter(f, MqttQualityOfService.AtMostOnce), 0)).ToList();
        subscriptions.ForEach(tree.Add);
        var matched = new List<MqttSubscription>();
        tree.Match("a/b/c", matched);
        Assert.Equal(4, matched.Count);
        subscriptions.ForEach(tree.Remove);
        matched.Clear();
        tree.Match("a/b/c", matched);
        Assert.Empty(matched);
    }

    [Fact]
    public void RetainedMessages_AnyTopicsAndFilter_ReturnsExactlyTheMatchingOnes()
    {
        var gen = from topics in Gen.ListOf(MqttGenerators.Topic, 15)
                  from filter in MqttGenerators.Filter
                  select (topics.Distinct().ToArray(), filter);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var (topics, filter) = input;
            var retained = new MqttRetainedMessages(1000);
            foreach (var topic in topics)
            {
                retained.Set(new MqttBrokerMessage { Topic = topic, Payload = new byte[] { 1 }, Retain = true });
            }

            var found = new List<MqttBrokerMessage>();
            retained.Match(filter, found);
            var expected = topics.Where(t => MqttTopic.Matches(filter, t)).OrderBy(t => t, StringComparer.Ordinal);
            return found.Select(m => m.Topic).OrderBy(t => t, StringComparer.Ordinal).SequenceEqual(expected);
        }));
    }

    [Fact]
    public void RetainedMessages_EmptyPayload_ClearsAndFreesCapacity()
    {
        var retained = new MqttRetainedMessages(1);
        Assert.True(retained.Set(new MqttBrokerMessage { Topic = "a/b", Payload = new byte[] { 1 }, Retain = true }));
        Assert.False(retained.Set(new MqttBrokerMessage { Topic = "a/c", Payload = new byte[] { 1 }, Retain = true }));
        Assert.True(retained.Set(new MqttBrokerMessage { Topic = "a/b", Payload = ReadOnlyMemory<byte>.Empty, Retain = true }));
        Assert.Equal(0, retained.Count);
        Assert.True(retained.Set(new MqttBrokerMessage { Topic = "a/c", Payload = new byte[] { 1 }, Retain = true }));
    }
}

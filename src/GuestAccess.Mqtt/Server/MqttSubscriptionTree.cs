namespace GuestAccess.Mqtt.Server;

/// <summary>
/// Topic trie: one node per topic level, '+' and '#' children kept apart from literal children,
/// literal lookups by span (no substring allocation per level). Shared subscription groups live at
/// the node of their filter and receive one member per matching message, round-robin, preferring
/// connected members.
/// </summary>
internal sealed class MqttSubscriptionTree
{
    private readonly Node _root = new(null, "");
    private readonly Lock _lock = new();
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void Add(MqttSubscription subscription)
    {
        lock (_lock)
        {
            var node = _root;
            foreach (var level in subscription.TopicFilter.Split('/'))
            {
                node = node.GetOrAdd(level);
            }

            if (subscription.ShareGroup is { } group)
            {
                node.SharedGroups ??= new(StringComparer.Ordinal);
                if (!node.SharedGroups.TryGetValue(group, out var members))
                {
                    node.SharedGroups[group] = members = new SharedGroup();
                }

                if (members.Set(subscription))
                {
                    _count++;
                }
            }
            else
            {
                node.Subscribers ??= [];
                if (node.Subscribers.TryAdd(subscription.Session, subscription))
                {
                    _count++;
                }
                else
                {
                    node.Subscribers[subscription.Session] = subscription;
                }
            }
        }
    }

    public void Remove(MqttSubscription subscription)
    {
        lock (_lock)
        {
            var node = _root;
            foreach (var level in subscription.TopicFilter.Split('/'))
            {
                if (!node.TryGet(level, out node))
                {
                    return;
                }
            }

            if (subscription.ShareGroup is { } group)
            {
                if (node.SharedGroups?.TryGetValue(group, out var members) == true && members.Remove(subscription))
                {
                    _count--;
                    if (members.Count == 0)
                    {
                        node.SharedGroups.Remove(group);
                    }
                }
            }
            else if (node.Subscribers?.TryGetValue(subscription.Session, out var current) == true && ReferenceEquals(current, subscription))
            {
                node.Subscribers.Remove(subscription.Session);
                _count--;
            }

            node.PruneUpwards();
        }
    }

    /// <summary>Adds every subscription matching <paramref name="topic"/> (one member per shared group) to <paramref name="results"/>.</summary>
    public void Match(string topic, List<MqttSubscription> results)
    {
        lock (_lock)
        {
            Match(_root, topic, 0, first: true, results);
        }
    }

    private static void Match(Node node, string topic, int start, bool first, List<MqttSubscription> results)
    {
        if (start < 0)
        {
            node.Collect(results);
            node.Hash?.Collect(results);
            return;
        }

        var dollar = first && start < topic.Length && topic[start] == '$';
        if (!dollar)
        {
            node.Hash?.Collect(results);
        }

        var end = topic.IndexOf('/', start);
        var level = end < 0 ? topic.AsSpan(start) : topic.AsSpan(start, end - start);
        var next = end < 0 ? -1 : end + 1;
        if (node.Children is { } children && children.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(level, out var child))
        {
            Match(child, topic, next, false, results);
        }

        if (!dollar && node.Plus is { } plus)
        {
            Match(plus, topic, next, false, results);
        }
    }

    private sealed class Node(Node? parent, string level)
    {
        public Node? Parent { get; } = parent;

        public string Level { get; } = level;

        public Dictionary<string, Node>? Children { get; private set; }

        public Node? Plus { get; private set; }

        public Node? Hash { get; private set; }

        public Dictionary<MqttSession, MqttSubscription>? Subscribers { get; set; }

        public Dictionary<string, SharedGroup>? SharedGroups { get; set; }

        public Node GetOrAdd(string childLevel)
        {
            switch (childLevel)
            {
                case "+":
                    return Plus ??= new Node(this, childLevel);
                case "#":
                    return Hash ??= new Node(this, childLevel);
                default:
                    Children ??= new(StringComparer.Ordinal);
                    if (!Children.TryGetValue(childLevel, out var child))
                    {
                        Children[childLevel] = child = new Node(this, childLevel);
                    }

                    return child;
            }
        }

        public bool TryGet(string childLevel, out Node node)
        {
            node = childLevel switch
            {
                "+" => Plus!,
                "#" => Hash!,
                _ => Children?.GetValueOrDefault(childLevel)!,
            };
            return node is not null;
        }

        public void Collect(List<MqttSubscription> results)
        {
            if (Subscribers is { Count: > 0 } subscribers)
            {
                foreach (var subscription in subscribers.Values)
                {
                    results.Add(subscription);
                }
            }

            if (SharedGroups is { Count: > 0 } groups)
            {
                foreach (var group in groups.Values)
                {
                    if (group.Pick() is { } member)
                    {
                        results.Add(member);
                    }
                }
            }
        }

        public void PruneUpwards()
        {
            var node = this;
            while (node.Parent is { } up && node.IsEmpty)
            {
                switch (node.Level)
                {
                    case "+": up.Plus = null; break;
                    case "#": up.Hash = null; break;
                    default: up.Children?.Remove(node.Level); break;
                }

                node = up;
            }
        }

        private bool IsEmpty => Children is not { Count: > 0 } && Plus is null && Hash is null
            && Subscribers is not { Count: > 0 } && SharedGroups is not { Count: > 0 };
    }

    private sealed class SharedGroup
    {
        private readonly List<MqttSubscription> _members = [];
        private int _next;

        public int Count => _members.Count;

        /// <summary>Adds the member or replaces its previous subscription; true when it is new.</summary>
        public bool Set(MqttSubscription subscription)
        {
            var index = _members.FindIndex(m => ReferenceEquals(m.Session, subscription.Session));
            if (index >= 0)
            {
                _members[index] = subscription;
                return false;
            }

            _members.Add(subscription);
            return true;
        }

        public bool Remove(MqttSubscription subscription) => _members.Remove(subscription);

        public MqttSubscription? Pick()
        {
            if (_members.Count == 0)
            {
                return null;
            }

            for (var i = 0; i < _members.Count; i++)
            {
                var candidate = _members[(_next + i) % _members.Count];
                if (candidate.Session.IsConnected)
                {
                    _next = (_next + i + 1) % _members.Count;
                    return candidate;
                }
            }

            var fallback = _members[_next % _members.Count];
            _next = (_next + 1) % _members.Count;
            return fallback;
        }
    }
}

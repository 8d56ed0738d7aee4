namespace GuestAccess.Mqtt.Server;

/// <summary>
/// Retained messages in a topic trie, so a subscription collects the matching ones by walking its
/// filter instead of scanning every retained topic. Kept in memory: they do not survive a restart.
/// </summary>
internal sealed class MqttRetainedMessages(int capacity)
{
    private readonly Node _root = new(null, "");
    private readonly Lock _lock = new();
    private int _count;

    public int Count => Volatile.Read(ref _count);

    /// <summary>Stores, replaces or (empty payload) clears the retained message of a topic. False when full.</summary>
    public bool Set(MqttBrokerMessage message)
    {
        lock (_lock)
        {
            var node = _root;
            if (message.Payload.IsEmpty)
            {
                foreach (var level in message.Topic.Split('/'))
                {
                    if (node.Children?.TryGetValue(level, out var child) != true)
                    {
                        return true;
                    }

                    node = child!;
                }

                if (node.Message is not null)
                {
                    node.Message = null;
                    _count--;
                    node.Prune();
                }

                return true;
            }

            foreach (var level in message.Topic.Split('/'))
            {
                node = node.GetOrAdd(level);
            }

            if (node.Message is null)
            {
                if (_count >= capacity)
                {
                    node.Prune();
                    return false;
                }

                _count++;
            }

            node.Message = message;
            return true;
        }
    }

    public void Match(string filter, List<MqttBrokerMessage> results)
    {
        var levels = filter.Split('/');
        lock (_lock)
        {
            Collect(_root, levels, 0, results);
        }
    }

    private static void Collect(Node node, string[] levels, int index, List<MqttBrokerMessage> results)
    {
        if (index == levels.Length)
        {
            if (node.Message is { } message)
            {
                results.Add(message);
            }

            return;
        }

        var level = levels[index];
        if (level == "#")
        {
            if (node.Message is { } parent && index > 0)
            {
                results.Add(parent);
            }

            AddAll(node, index == 0, results);
            return;
        }

        if (node.Children is null)
        {
            return;
        }

        if (level == "+")
        {
            foreach (var (name, child) in node.Children)
            {
                if (index == 0 && name.StartsWith('$'))
                {
                    continue;
                }

                Collect(child, levels, index + 1, results);
            }
        }
        else if (node.Children.TryGetValue(level, out var child))
        {
            Collect(child, levels, index + 1, results);
        }
    }

    private static void AddAll(Node node, bool skipDollar, List<MqttBrokerMessage> results)
    {
        if (node.Children is null)
        {
            return;
        }

        foreach (var (name, child) in node.Children)
        {
            if (skipDollar && name.StartsWith('$'))
            {
                continue;
            }

            if (child.Message is { } message)
            {
                results.Add(message);
            }

            AddAll(child, false, results);
        }
    }

    private sealed class Node(Node? parent, string level)
    {
        public Node? Parent { get; } = parent;

        public string Level { get; } = level;

        public Dictionary<string, Node>? Children { get; private set; }

        public MqttBrokerMessage? Message { get; set; }

        public Node GetOrAdd(string childLevel)
        {
            Children ??= new(StringComparer.Ordinal);
            if (!Children.TryGetValue(childLevel, out var child))
            {
                Children[childLevel] = child = new Node(this, childLevel);
            }

            return child;
        }

        public void Prune()
        {
            var node = this;
            while (node.Parent is { } up && node.Message is null && node.Children is not { Count: > 0 })
            {
                up.Children?.Remove(node.Level);
                node = up;
            }
        }
    }
}

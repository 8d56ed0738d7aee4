using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace GuestAccess.Mqtt.Tests.Support;

/// <summary>Captures every log entry so a test can fail when a component logged an unexpected error.</summary>
public sealed class RecordingLoggerFactory : ILoggerFactory
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyCollection<LogEntry> Entries => _entries;

    /// <summary>Event ids that a test expects to see at Error level (e.g. a handler that throws on purpose).</summary>
    public HashSet<int> ExpectedErrorEventIds { get; } = [];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public ILogger<T> CreateLogger<T>() => new Logger<T>(this);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void AssertNoUnexpectedErrors()
    {
        var errors = _entries.Where(e => e.Level >= LogLevel.Error && !ExpectedErrorEventIds.Contains(e.EventId)).ToList();
        Assert.True(errors.Count == 0, "Unexpected errors logged:\n" + string.Join('\n', errors.Select(e => e.ToString())));
    }

    public bool Logged(int eventId) => _entries.Any(e => e.EventId == eventId);

    public void Dispose()
    {
    }

    public sealed record LogEntry(string Category, LogLevel Level, int EventId, string Message, Exception? Exception)
    {
        public override string ToString() => $"{Level} {Category}[{EventId}] {Message} {Exception}";
    }

    private sealed class Logger(string category, ConcurrentQueue<LogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new LogEntry(category, logLevel, eventId.Id, formatter(state, exception), exception));
    }
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace GuestAccess.EndToEnd.Tests.Support;

/// <summary>Keeps every warning and error a component logs, so a test can assert on them or fail on unexpected ones.</summary>
public sealed class LogCapture : ILoggerProvider
{
    public ConcurrentQueue<LogLine> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    public IReadOnlyList<LogLine> WithEvent(int eventId) => Lines.Where(l => l.EventId == eventId).ToList();

    public IReadOnlyList<LogLine> Errors(ISet<int> expected) =>
        Lines.Where(l => l.Level >= LogLevel.Error && !expected.Contains(l.EventId)).ToList();

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner.Lines.Enqueue(new LogLine(logLevel, category, eventId.Id, formatter(state, exception), exception));
            }
        }
    }
}

public sealed record LogLine(LogLevel Level, string Category, int EventId, string Message, Exception? Exception)
{
    public override string ToString() => $"{Level} {Category}[{EventId}] {Message} {Exception}";
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace GuestAccess.Server.IntegrationTests.Infrastructure;

/// <summary>Keeps every warning and error the server logs, so a test can fail on unexpected ones.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<(LogLevel Level, string Category, EventId EventId, string Message, Exception? Exception)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    public IEnumerable<string> Errors() => Entries
        .Where(e => e.Level >= LogLevel.Error)
        .Select(e => $"{e.Category}[{e.EventId.Id}]: {e.Message} {e.Exception}");

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner.Entries.Enqueue((logLevel, category, eventId, formatter(state, exception), exception));
            }
        }
    }
}

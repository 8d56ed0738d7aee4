using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace GuestAccess.Web.Tests.Support;

/// <summary>
/// Every line the server and the simulator log during a test: the test fails on unexpected errors,
/// and a test can prove that a secret it saw on a page (a PIN, a password) never reached the log.
/// </summary>
public sealed class ServerLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Category, int EventId, string Text)> _lines = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public IReadOnlyList<string> Errors(ISet<int> expected) =>
        _lines.Where(l => l.Level >= LogLevel.Error && !expected.Contains(l.EventId)).Select(l => $"{l.Category}[{l.EventId}] {l.Text}").ToList();

    /// <summary>The log lines that contain the text (none, for a secret).</summary>
    public IReadOnlyList<string> Containing(string text) =>
        _lines.Where(l => l.Text.Contains(text, StringComparison.Ordinal)).Select(l => $"{l.Category}[{l.EventId}] {l.Text}").ToList();

    public void Dispose()
    {
    }

    private sealed class Logger(ServerLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner._lines.Enqueue((logLevel, category, eventId.Id, formatter(state, exception) + (exception is null ? string.Empty : " " + exception)));
            }
        }
    }
}

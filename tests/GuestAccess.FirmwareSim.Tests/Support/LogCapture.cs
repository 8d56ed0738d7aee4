using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace GuestAccess.FirmwareSim.Tests.Support;

/// <summary>
/// Keeps every log line of the components under test, so a test can fail on an unexpected error
/// and prove that no secret (PIN, token, password) was ever written to a log.
/// </summary>
public sealed class LogCapture : ILoggerFactory, ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Category, string Text)> _lines = new();

    public IEnumerable<string> Lines => _lines.Select(l => $"{l.Level} {l.Category}: {l.Text}");

    public ILogger CreateLogger(string categoryName) => new Sink(categoryName, _lines);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void AssertNoErrors() =>
        Assert.True(!_lines.Any(l => l.Level >= LogLevel.Error), "Errors were logged:\n" + string.Join('\n', Lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal))));

    public void AssertNeverLogged(params string[] secrets)
    {
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(_lines, l => l.Text.Contains(secret, StringComparison.Ordinal));
        }
    }

    public void Dispose()
    {
    }

    private sealed class Sink(string category, ConcurrentQueue<(LogLevel, string, string)> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue((logLevel, category, formatter(state, exception) + (exception is null ? string.Empty : " " + exception)));
    }
}

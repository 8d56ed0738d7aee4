using System.Globalization;
using System.Text;

namespace GuestAccess.Benchmarks.Scale;

/// <summary>Figures as they are measured: printed at once, and written as markdown at the end (docs/benchmarks.md).</summary>
internal sealed class ScaleReport(string command)
{
    private readonly StringBuilder _body = new();
    private readonly DateTimeOffset _started = DateTimeOffset.UtcNow;
    private readonly string _loadAtStart = ProcessStats.LoadAverage();
    private bool _inTable;

    public void Section(string title, string? description = null)
    {
        EndTable();
        Console.WriteLine();
        Console.WriteLine("== " + title);
        _body.Append(CultureInfo.InvariantCulture, $"\n## {title}\n\n");
        if (description is not null)
        {
            Console.WriteLine(description);
            _body.Append(description).Append("\n\n");
        }
    }

    public void Row(string what, double value, string format = "0.0", string? ratio = null)
    {
        var text = value.ToString(format, CultureInfo.InvariantCulture);
        Console.WriteLine($"{what,-78} {text,12} {ratio}");
        if (!_inTable)
        {
            _body.Append("| Figure | Value | Ratio / note |\n|---|---:|---|\n");
            _inTable = true;
        }

        _body.Append(CultureInfo.InvariantCulture, $"| {what} | {text} | {ratio} |\n");
    }

    public void Note(string text)
    {
        EndTable();
        Console.WriteLine(text);
        _body.Append(text).Append("\n\n");
    }

    public static string Ratio(double value, double baseline, string label) =>
        baseline == 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $"×{value / baseline:0.00} {label}");

    public async Task WriteAsync(string path, string header)
    {
        EndTable();
        var text = new StringBuilder();
        text.Append(header);
        text.Append(CultureInfo.InvariantCulture, $"""

            Command:

            ```sh
            {command}
            ```

            - Date: {_started:yyyy-MM-dd HH:mm} UTC, {(DateTimeOffset.UtcNow - _started).TotalMinutes:0} minutes
            - Machine: {ProcessStats.Machine()}, {Environment.OSVersion}, .NET {Environment.Version}
            - Load average (1, 5, 15 min) at the start: {_loadAtStart}; at the end: {ProcessStats.LoadAverage()}. The machine is
              shared with other engineers' builds and tests: absolute figures move with their load, the ratios
              against baselines measured in the same run move much less.

            """);
        text.Append(_body);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllTextAsync(path, text.ToString());
        Console.WriteLine($"report written to {path}");
    }

    private void EndTable()
    {
        if (_inTable)
        {
            _body.Append('\n');
            _inTable = false;
        }
    }
}

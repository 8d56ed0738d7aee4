using System.Diagnostics;
using System.Text.Json.Nodes;
using GuestAccess.LockProtocol.Signing;
using GuestAccess.Server.Audit;
using GuestAccess.Server.Audit.Export;
using GuestAccess.Server.Audit.Signing;
using GuestAccess.Server.Audit.Verification;
using GuestAccess.Server.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace GuestAccess.Server.IntegrationTests.Audit;

/// <summary>An exported file is changed on its way to the auditor; verification with the public key finds and locates it.</summary>
public sealed class ExportTamperTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private string[] _lines = [];
    private IReadOnlyList<EcPublicJwk> _keys = [];
    private string _file = string.Empty;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        var lockId = (await _server.LockIdsAsync(1))[0];
        await _server.Ingestor().IngestAsync(lockId, AuditTestData.Denied(Enumerable.Range(1, 30).Select(s => (long)s).ToArray()));
        await _server.CheckpointAsync();
        _keys = AuditPublicKeys.Read(Path.Combine(_server.DataDirectory, "keys", "audit-public-keys.json"));
        _file = Path.Combine(_server.DataDirectory, "export.jsonl");
        await using (var output = File.Create(_file))
        await using (var connection = _server.Services.GetRequiredService<AuditDatabase>().OpenRead())
        {
            Assert.Equal(30, await AuditExport.WriteAsync(output, connection, _keys, 1, null, DateTimeOffset.UtcNow, CancellationToken.None));
        }

        _lines = File.ReadAllLines(_file);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public void Verify_UntouchedExport_PassesWithThePublicKeyAlone()
    {
        var report = Verify(_lines);

        report.AssertVerified();
        Assert.Equal((30L, 30L), (report.RecordsChecked, report.LastCheckpoint));
        Assert.DoesNotContain(_lines, l => l.Contains("\"salt\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Verify_EditedLine_IsLocated() =>
        AssertFirst(Change(Record(12), r => r["outcome"] = "granted"), "hash_mismatch", 12);

    [Fact]
    public void Verify_RemovedLine_IsLocated() =>
        AssertFirst(_lines.Where((_, i) => i != Index(15)).ToArray(), "missing_records", 15);

    [Fact]
    public void Verify_InsertedLine_IsLocated() =>
        AssertFirst([.. _lines[..Index(8)], Change(Record(7), r => r["action"] = "entry.granted")[Index(7)], .. _lines[Index(8)..]], "duplicate_sequence", 7);

    [Fact]
    public void Verify_ReorderedLines_AreLocated()
    {
        var lines = (string[])_lines.Clone();
        (lines[Index(20)], lines[Index(21)]) = (lines[Index(21)], lines[Index(20)]);

        AssertFirst(lines, "missing_records", 20);
    }

    [Fact]
    public void Verify_CutShort_IsReportedTruncated()
    {
        var report = Verify(_lines[..Index(26)]);

        Assert.Contains(report.Problems, p => p.Code == "truncated" && p.Message.Contains("end line", StringComparison.Ordinal));
        Assert.Contains(report.Problems, p => p is { Code: "truncated", Sequence: 26 });
    }

    [Fact]
    public void Verify_KeyFromAnotherServer_RejectsTheCheckpoints()
    {
        using var other = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);

        var report = ExportVerifier.Verify(new StringReader(string.Join('\n', _lines)), [AuditPublicKeys.ToJwk(_keys[0].KeyId, other)], []);

        Assert.Contains(report.Problems, p => p.Code == "checkpoint_invalid");
    }

    [Fact]
    public async Task IndependentPythonVerifier_AgreesOnIntactAndTamperedFiles()
    {
        var script = Path.Combine(AppContext.BaseDirectory, "audit-tools", "verify_export.py");
        Assert.Equal(0, (await RunAsync("python3", script, _file)).Code);

        var tampered = _file + ".edited";
        File.WriteAllLines(tampered, Change(Record(12), r => r["outcome"] = "granted"));
        var (code, output) = await RunAsync("python3", script, tampered);
        Assert.Equal(1, code);
        Assert.Contains("record 12: hash mismatch", output);
    }

    [Fact]
    public async Task CliVerify_ExportFile_ExitCodeSaysWhetherItVerified()
    {
        var keyFile = Path.Combine(_server.DataDirectory, "keys", "audit-public-keys.json");
        var dll = Path.Combine(AppContext.BaseDirectory, "GuestAccess.Server.dll");
        var (ok, okOutput) = await RunAsync("dotnet", dll, "audit", "verify", "--file", _file, "--public-key", keyFile);
        Assert.Equal(0, ok);
        Assert.StartsWith("Verified: 30 records (1-30)", okOutput);

        var tampered = _file + ".cut";
        File.WriteAllLines(tampered, _lines.Where((_, i) => i != Index(15)));
        var (failed, failedOutput) = await RunAsync("dotnet", dll, "audit", "verify", "--file", tampered, "--public-key", keyFile);
        Assert.Equal(1, failed);
        Assert.Contains("record 15", failedOutput);
        Assert.Contains("missing_records", failedOutput);
    }

    private int Index(long sequence) => Array.FindIndex(_lines, l => l.Contains($"\"seq\":{sequence},", StringComparison.Ordinal));

    private JsonObject Record(long sequence) => JsonNode.Parse(_lines[Index(sequence)])!.AsObject();

    private string[] Change(JsonObject record, Action<JsonObject> change)
    {
        var index = Index(record["seq"]!.GetValue<long>());
        change(record);
        var lines = (string[])_lines.Clone();
        lines[index] = record.ToJsonString();
        return lines;
    }

    private VerificationReport Verify(IEnumerable<string> lines) => ExportVerifier.Verify(new StringReader(string.Join('\n', lines)), _keys, []);

    private void AssertFirst(string[] lines, string code, long sequence)
    {
        var report = Verify(lines);
        Assert.False(report.Verified);
        Assert.Equal((code, sequence), (report.Problems[0].Code, report.Problems[0].Sequence));
    }

    private static async Task<(int Code, string Output)> RunAsync(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}

using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GuestAccess.Server.IntegrationTests.Notifications;

/// <summary>A stand-in SMS provider on a real loopback port: records each POST and answers with the next scripted status (then 200).</summary>
public sealed class SmsProvider : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _script;

    private SmsProvider(WebApplication app, ConcurrentQueue<int> script)
    {
        _app = app;
        _script = script;
    }

    public ConcurrentQueue<(string? Authorization, JsonElement Body)> Received { get; } = new();

    public string Url => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/messages";

    public static async Task<SmsProvider> StartAsync(params int[] statuses)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var provider = new SmsProvider(app, new ConcurrentQueue<int>(statuses));
        app.MapPost("/messages", async (HttpContext context) =>
        {
            var body = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body);
            provider.Received.Enqueue((context.Request.Headers.Authorization.ToString(), body));
            return Results.StatusCode(provider._script.TryDequeue(out var status) ? status : 200);
        });
        await app.StartAsync();
        return provider;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

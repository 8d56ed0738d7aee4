using System.Net;
using GuestAccess.FirmwareSim.Fleet;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GuestAccess.FirmwareSim.Control;

/// <summary>
/// The local HTTP control surface: press a keypad, present a key, cut the network, power-cycle,
/// skew a clock, inject faults (README.md, "Control surface"). Listens on 127.0.0.1 only; port 0
/// lets the operating system choose. It never logs request bodies (PINs, tokens).
/// </summary>
public sealed class ControlSurface : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ControlSurface(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The base address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Address { get; }

    public static async Task<ControlSurface> StartAsync(LockFleetSimulator fleet, int port, ILoggerFactory loggerFactory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton(fleet);
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            // Requests the framework refuses before our code runs (unreadable JSON) get a stable code too.
            context.ProblemDetails.Extensions.TryAdd("code", ControlErrors.InvalidRequest);
        });
        var app = builder.Build();
        app.UseStatusCodePages();
        app.MapControl();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ControlSurface(app, new Uri(bound.EndsWith('/') ? bound : bound + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}

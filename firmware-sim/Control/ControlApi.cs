using GuestAccess.FirmwareSim.Device;
using GuestAccess.FirmwareSim.Faults;
using GuestAccess.FirmwareSim.Fleet;
using GuestAccess.FirmwareSim.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GuestAccess.FirmwareSim.Control;

/// <summary>The routes of the control surface (README.md, "Control surface").</summary>
internal static class ControlApi
{
    public static void MapControl(this IEndpointRouteBuilder app)
    {
        app.MapGet("/locks", (LockFleetSimulator fleet) => fleet.Locks.Select(l => LockView.From(l.Snapshot())));
        app.MapGet("/locks/{id}", (string id, LockFleetSimulator fleet) => With(fleet, id, l => Task.FromResult(Results.Ok(LockView.From(l.Snapshot())))));
        app.MapGet("/locks/{id}/events", (string id, LockFleetSimulator fleet) => With(fleet, id, l => Task.FromResult(Results.Ok(l.PendingEvents.Select(EventView.From)))));
        app.MapPost("/locks/{id}/pin", (string id, PinRequest body, LockFleetSimulator fleet, CancellationToken ct) => With(fleet, id, async l =>
            body.Pin is { Length: >= 1 and <= 32 } pin && pin.All(char.IsAsciiDigit)
                ? Results.Ok(EntryView.From(await l.EnterPinAsync(pin, ct)))
                : ControlErrors.Problem(ControlErrors.InvalidPin, "Ugyldig PIN / Invalid PIN", "Et tastatur har kun cifre: 1-32 cifre. / A keypad has digits only: 1-32 digits.")));
        app.MapPost("/locks/{id}/mobile-key", (string id, MobileKeyRequest body, LockFleetSimulator fleet, CancellationToken ct) => With(fleet, id, async l =>
            body.Token is { Length: >= 1 and <= 8192 } token
                ? Results.Ok(EntryView.From(await l.PresentMobileKeyAsync(token, ct)))
                : ControlErrors.Problem(ControlErrors.InvalidToken, "Ugyldig mobilnøgle / Invalid mobile key", "token skal være 1-8192 tegn. / token must be 1-8192 characters.")));
        app.MapPost("/locks/{id}/force", (string id, LockFleetSimulator fleet, CancellationToken ct) => With(fleet, id, async l => Results.Ok(EventView.From(await l.ForceDoorAsync(ct)))));
        app.MapPost("/locks/{id}/hold-open", (string id, LockFleetSimulator fleet, CancellationToken ct) => With(fleet, id, async l => Results.Ok(EventView.From(await l.HoldDoorOpenAsync(ct)))));
        app.MapPost("/locks/{id}/tamper", (string id, LockFleetSimulator fleet, CancellationToken ct) => With(fleet, id, async l => Results.Ok(EventView.From(await l.TamperAsync(ct)))));
        app.MapPost("/locks/{id}/battery", (string id, BatteryRequest body, LockFleetSimulator fleet, CancellationToken ct) => With(fleet, id, async l =>
        {
            if (body.Percent is not { } percent || percent is < 0 or > 100)
            {
                return ControlErrors.Problem(ControlErrors.InvalidRequest, "Ugyldigt batteriniveau / Invalid battery level", "percent skal være 0-100. / percent must be 0-100.");
            }

            await l.SetBatteryAsync(percent, ct);
            return Results.Ok(LockView.From(l.Snapshot()));
        }));
        app.MapPost("/locks/{id}/offline", (string id, DurationRequest? body, LockFleetSimulator fleet) => With(fleet, id, async l =>
        {
            TimeSpan? duration = null;
            if (body?.Duration is { } text)
            {
                if (!Durations.TryParse(text, out var parsed) || parsed <= TimeSpan.Zero)
                {
                    return InvalidDuration();
                }

                duration = parsed;
            }

            await l.GoOfflineAsync(duration);
            return Results.Ok(LockView.From(l.Snapshot()));
        }));
        app.MapPost("/locks/{id}/online", (string id, LockFleetSimulator fleet) => With(fleet, id, async l => { await l.GoOnlineAsync(); return Results.Ok(LockView.From(l.Snapshot())); }));
        app.MapPost("/locks/{id}/disconnect", (string id, LockFleetSimulator fleet) => With(fleet, id, async l => { await l.DisconnectAsync(); return Results.Ok(LockView.From(l.Snapshot())); }));
        app.MapPost("/locks/{id}/power-cycle", (string id, LockFleetSimulator fleet, CancellationToken ct) => With(fleet, id, async l => { await l.PowerCycleAsync(ct); return Results.Ok(LockView.From(l.Snapshot())); }));
        app.MapPost("/locks/{id}/skew", (string id, SkewRequest body, LockFleetSimulator fleet) => With(fleet, id, l =>
        {
            if (!Durations.TryParse(body.Skew, out var skew))
            {
                return Task.FromResult(InvalidDuration());
            }

            l.Clock.Skew = skew;
            return Task.FromResult(Results.Ok(LockView.From(l.Snapshot())));
        }));
        app.MapPost("/locks/{id}/faults", (string id, Dictionary<string, string> body, LockFleetSimulator fleet) => With(fleet, id, l =>
        {
            if (!TryApply(l.Faults, body, out var faults, out var problem))
            {
                return Task.FromResult(problem);
            }

            l.Faults = faults;
            return Task.FromResult(Results.Ok(LockView.From(l.Snapshot())));
        }));
        app.MapPost("/faults", (Dictionary<string, string> body, LockFleetSimulator fleet) =>
        {
            if (!TryApply(FaultProfile.None, body, out var faults, out var problem))
            {
                return problem;
            }

            fleet.SetFaults(faults);
            return Results.Ok(FaultView.From(faults));
        });
    }

    private static Task<IResult> With(LockFleetSimulator fleet, string id, Func<SimulatedLock, Task<IResult>> action) =>
        fleet.TryGetLock(id, out var simulatedLock) ? action(simulatedLock) : Task.FromResult(ControlErrors.LockNotFound(id));

    private static IResult InvalidDuration() =>
        ControlErrors.Problem(ControlErrors.InvalidDuration, "Ugyldig varighed / Invalid duration", "Skriv fx 90s, -2m, 10 min eller 500ms. / Write e.g. 90s, -2m, 10 min or 500ms.");

    /// <summary>{"drop-out":"0.1","delay-in":"100ms..1s"}; {"clear":"true"} starts from no faults.</summary>
    private static bool TryApply(FaultProfile current, Dictionary<string, string> body, out FaultProfile faults, out IResult problem)
    {
        faults = body.TryGetValue("clear", out var clear) && clear == "true" ? FaultProfile.None : current;
        problem = Results.Empty;
        try
        {
            foreach (var (name, value) in body.Where(p => p.Key != "clear"))
            {
                faults = new FaultSpec(null, name, value).ApplyTo(faults);
            }

            return true;
        }
        catch (FormatException ex)
        {
            problem = ControlErrors.Problem(ControlErrors.InvalidFault, "Ugyldig fejlindstilling / Invalid fault setting", ex.Message);
            return false;
        }
    }
}

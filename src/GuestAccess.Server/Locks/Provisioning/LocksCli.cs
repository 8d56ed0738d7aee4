using System.CommandLine;
using GuestAccess.Domain.Locks;
using GuestAccess.Server.Hosting;
using GuestAccess.Server.Locks.Broker;
using GuestAccess.Server.Locks.Store;
using GuestAccess.Server.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GuestAccess.Server.Locks.Provisioning;

/// <summary>The <c>locks</c> verbs of the server binary.</summary>
public static class LocksCli
{
    public static Command Create(Func<Func<Task<int>>, Task<int>> guarded)
    {
        ArgumentNullException.ThrowIfNull(guarded);
        var output = new Option<string>("--out") { Description = "Directory to write passwd, acl and guestaccess.conf into.", Required = true };
        var passwordFile = new Option<string?>("--server-password-file")
        {
            Description = "File with the server's own broker password (created if missing). Default: Mqtt:PasswordFile, else {DataDirectory}/mqtt-server.secret.",
        };
        var mosquitto = new Command("mosquitto-config", "Write the Mosquitto 2.0 password and ACL files for every provisioned lock and the server (for Mqtt:Mode External).")
        {
            output,
            passwordFile,
        };
        mosquitto.TreatUnmatchedTokensAsErrors = false;
        mosquitto.SetAction((result, ct) => guarded(() => WriteMosquittoConfigAsync(result.UnmatchedTokens, result.GetValue(output)!, result.GetValue(passwordFile), ct)));
        var bundleOut = new Option<string>("--out") { Description = "The provisioning bundle file to write (mode 0600; it holds every lock's broker password).", Required = true };
        var simulatorBundle = new Command("simulator-bundle", "Provision every lock that is not decommissioned and write one provisioning bundle for the simulator (passwords still valid in an existing file are kept).")
        {
            bundleOut,
        };
        simulatorBundle.TreatUnmatchedTokensAsErrors = false;
        simulatorBundle.SetAction((result, ct) => guarded(() => WriteSimulatorBundleAsync(result.UnmatchedTokens, result.GetValue(bundleOut)!, ct)));
        return new Command("locks", "Lock fleet tools.") { mosquitto, simulatorBundle };
    }

    private static async Task<int> WriteSimulatorBundleAsync(IReadOnlyList<string> args, string output, CancellationToken cancellationToken)
    {
        await using var app = ServerApp.Build([.. args]);
        app.Services.GetRequiredService<IStartupValidator>().Validate();
        DatabaseInitializer.EnsureDataDirectory(app.Services.GetRequiredService<IOptions<StorageOptions>>().Value);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await app.Services.GetRequiredService<DatabaseInitializer>().MigrateAsync(scope.ServiceProvider.GetRequiredService<GuestAccessDb>(), scope.ServiceProvider, cancellationToken);
        }

        var path = Path.GetFullPath(output);
        var count = await ActivatorUtilities.CreateInstance<DevProvisioningBundle>(app.Services).WriteAsync(path, cancellationToken);
        Console.WriteLine($"Wrote a provisioning bundle with {count} locks to {path}.");
        return 0;
    }

    private static async Task<int> WriteMosquittoConfigAsync(IReadOnlyList<string> args, string output, string? passwordFile, CancellationToken cancellationToken)
    {
        await using var app = ServerApp.Build([.. args]);
        app.Services.GetRequiredService<IStartupValidator>().Validate();
        var storage = app.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
        var mqtt = app.Services.GetRequiredService<IOptions<FleetMqttOptions>>().Value;
        DatabaseInitializer.EnsureDataDirectory(storage);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuestAccessDb>();
        await app.Services.GetRequiredService<DatabaseInitializer>().MigrateAsync(db, scope.ServiceProvider, cancellationToken);

        var locks = await (from credential in db.LockBrokerCredentials()
                           join controller in db.Locks on credential.LockId equals controller.Id
                           where controller.Lifecycle == LockLifecycle.Provisioned
                           orderby controller.DeviceId
                           select new MosquittoUser(controller.DeviceId, credential.PasswordHash))
            .AsNoTracking().ToListAsync(cancellationToken);
        var serverPassword = mqtt.Password is { Length: > 0 } configured
            ? configured
            : ServerPasswordFile.ReadOrCreate(passwordFile ?? mqtt.PasswordFile ?? Path.Combine(storage.FullDataDirectory, ServerPasswordFile.DefaultName));

        var directory = Path.GetFullPath(output);
        Directory.CreateDirectory(directory);
        SecretFile.Write(Path.Combine(directory, MosquittoConfig.PasswordFileName), MosquittoConfig.PasswordFile(new MosquittoUser(mqtt.Username, BrokerPassword.Hash(serverPassword)), locks));
        await File.WriteAllTextAsync(Path.Combine(directory, MosquittoConfig.AclFileName), MosquittoConfig.AclFile(mqtt.Username, mqtt.ShareGroup), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(directory, MosquittoConfig.ConfigFileName), MosquittoConfig.ConfigFragment(directory), cancellationToken);
        Console.WriteLine($"Wrote Mosquitto files for {locks.Count} provisioned locks and user '{mqtt.Username}' to {directory}: {MosquittoConfig.PasswordFileName}, {MosquittoConfig.AclFileName}, {MosquittoConfig.ConfigFileName} (include it with include_dir).");
        return 0;
    }
}

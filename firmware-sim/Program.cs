using GuestAccess.FirmwareSim.Cli;

return await SimCli.RunAsync(args);

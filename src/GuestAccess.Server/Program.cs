using GuestAccess.Server.Hosting;

return await ServerCli.RunAsync(args);

/// <summary>The server entry point (also the marker type for test hosts).</summary>
public partial class Program;

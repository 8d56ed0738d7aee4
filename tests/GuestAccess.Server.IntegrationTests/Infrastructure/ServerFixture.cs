namespace GuestAccess.Server.IntegrationTests.Infrastructure;

/// <summary>One seeded server shared by the read-only tests of a class (they never write).</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public TestServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

namespace GuestAccess.FirmwareSim.Tests.Support;

/// <summary>A broker the tests run against: ours (<see cref="TestBroker"/>) or Mosquitto (<see cref="MosquittoBroker"/>).</summary>
public interface IBrokerUnderTest : IAsyncDisposable
{
    /// <summary>The user the test server connects as (may read every lock topic and publish commands).</summary>
    const string ServerUser = "test-server";

    /// <summary>Known before the broker runs, so the provisioning bundle can name it.</summary>
    int Port { get; }

    string ServerPassword { get; }

    /// <summary>The private CA of a TLS listener, or null for plain TCP.</summary>
    TestCertificates? Tls => null;

    /// <summary>A lock's broker account (before <see cref="EnsureStartedAsync"/> for brokers that read a password file).</summary>
    void AddUser(string username, string password);

    Task EnsureStartedAsync();
}

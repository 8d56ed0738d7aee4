using System.Text;
using GuestAccess.Server.Locks.Broker;

namespace GuestAccess.Server.Tests.Locks;

public sealed class BrokerPasswordTests
{
    // Written by Mosquitto 2.0.11's own tool: mosquitto_passwd -b -c pw.txt alice secret-password
    private const string MosquittoHash = "$7$101$GKGl2ELeptTD5VfB$tDAylJQK1B0ENKgYFXFJ/bNaIlS+ghSOBf9Gzl0O+doZlaca3LgnZI2MMGQmNP92rsmgrESoUlMfGgy14gLx2g==";

    [Fact]
    public void Verify_HashWrittenByMosquittoPasswd_AcceptsItsPasswordOnly()
    {
        Assert.True(BrokerPassword.Verify("secret-password"u8, MosquittoHash));
        Assert.False(BrokerPassword.Verify("secret-passwore"u8, MosquittoHash));
        Assert.False(BrokerPassword.Verify([], MosquittoHash));
    }

    [Fact]
    public void Hash_SameSaltAsMosquitto_ReproducesItsHashExactly()
    {
        var salt = Convert.FromBase64String("GKGl2ELeptTD5VfB");

        Assert.Equal(MosquittoHash, BrokerPassword.Hash("secret-password", salt));
    }

    [Fact]
    public void Hash_TwoCalls_DifferBySaltAndBothVerify()
    {
        var secret = BrokerPassword.NewSecret();
        var first = BrokerPassword.Hash(secret);
        var second = BrokerPassword.Hash(secret);

        Assert.NotEqual(first, second);
        Assert.True(BrokerPassword.Verify(Encoding.UTF8.GetBytes(secret), first));
        Assert.True(BrokerPassword.Verify(Encoding.UTF8.GetBytes(secret), second));
        Assert.Equal(43, secret.Length);
        Assert.DoesNotContain(secret, first, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("plain")]
    [InlineData("$6$101$GKGl2ELeptTD5VfB$AAAA")]
    [InlineData("$7$abc$GKGl2ELeptTD5VfB$tDAylJQK1B0ENKgYFXFJ/bNaIlS+ghSOBf9Gzl0O+doZlaca3LgnZI2MMGQmNP92rsmgrESoUlMfGgy14gLx2g==")]
    [InlineData("$7$0$GKGl2ELeptTD5VfB$tDAylJQK1B0ENKgYFXFJ/bNaIlS+ghSOBf9Gzl0O+doZlaca3LgnZI2MMGQmNP92rsmgrESoUlMfGgy14gLx2g==")]
    [InlineData("$7$101$not base64!$tDAylJQK1B0ENKgYFXFJ/bNaIlS+ghSOBf9Gzl0O+doZlaca3LgnZI2MMGQmNP92rsmgrESoUlMfGgy14gLx2g==")]
    [InlineData("$7$101$GKGl2ELeptTD5VfB$dG9vIHNob3J0")]
    public void Verify_MalformedStoredHash_RefusesWithoutThrowing(string? stored)
    {
        Assert.False(BrokerPassword.Verify("secret-password"u8, stored));
        Assert.False(BrokerPassword.IsWellFormed(stored));
    }
}

using GuestAccess.LockProtocol.Credentials;

namespace GuestAccess.LockProtocol.Messages;

internal static class CredentialLists
{
    public const int MaxEntries = 1000;

    public static void Validate(IReadOnlyList<PinCredential> credentials, string path)
    {
        ProtocolViolation.Unless(credentials.Count <= MaxEntries, $"{path} holds at most {MaxEntries} entries");
        for (var i = 0; i < credentials.Count; i++)
        {
            credentials[i].Validate($"{path}[{i}]");
        }

        ProtocolViolation.Unless(credentials.Select(c => c.CredentialId).Distinct(StringComparer.Ordinal).Count() == credentials.Count, $"{path} must not repeat a credential id");
    }

    public static void Validate(IReadOnlyList<RevocationEntry> revocations, string path)
    {
        ProtocolViolation.Unless(revocations.Count <= MaxEntries, $"{path} holds at most {MaxEntries} entries");
        for (var i = 0; i < revocations.Count; i++)
        {
            revocations[i].Validate($"{path}[{i}]");
        }
    }

    public static void ValidateIds(IReadOnlyList<string> ids, string path)
    {
        ProtocolViolation.Unless(ids.Count <= MaxEntries, $"{path} holds at most {MaxEntries} entries");
        for (var i = 0; i < ids.Count; i++)
        {
            WireText.RequireIdentifier(ids[i], $"{path}[{i}]");
        }
    }
}
